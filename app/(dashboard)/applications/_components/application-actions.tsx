"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/field";
import { fieldsNamed, showActionFailure } from "@/components/hooks/action-form-errors";
import { updateApplicationSchema } from "@/lib/validations/application";
import { useDeleteApplication, useUpdateApplication } from "./use-application-mutations";
import { ConfirmDeletion } from "./confirm-deletion";
import { FormAlert } from "@/components/ui/form-alert";
import { DialogActions } from "@/components/ui/dialog-actions";

type AppSummary = { id: string; name: string; description: string | null; providerLabels: string[] };

export function ApplicationActions({ app, can }: { app: AppSummary; can: { rename: boolean; delete: boolean } }) {
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  if (!can.rename && !can.delete) return null;
  return (
    <div className="flex gap-2">
      {can.rename && (
        <Button variant="secondary" onClick={() => setDialog("rename")}>
          <Pencil className="h-4 w-4" aria-hidden /> Rename
        </Button>
      )}
      {can.delete && (
        <Button variant="secondary" onClick={() => setDialog("delete")} className="text-red-700">
          <Trash2 className="h-4 w-4" aria-hidden /> Delete
        </Button>
      )}
      {dialog === "rename" && <RenameDialog app={app} onClose={() => setDialog(null)} />}
      {dialog === "delete" && <DeleteDialog app={app} onClose={() => setDialog(null)} />}
    </div>
  );
}

type RenameForm = z.input<typeof updateApplicationSchema>;

function RenameDialog({ app, onClose }: { app: AppSummary; onClose: () => void }) {
  const update = useUpdateApplication();
  const { register, handleSubmit, formState, setError } = useForm<RenameForm, unknown, z.output<typeof updateApplicationSchema>>({
    resolver: zodResolver(updateApplicationSchema),
    defaultValues: { name: app.name, description: app.description ?? "" },
  });

  const onSubmit = handleSubmit(async ({ name, description }) => {
    try {
      await update.mutateAsync({ id: app.id, changes: { name, description: description || null } });
      onClose();
    } catch (err) {
      showActionFailure(err, setError, fieldsNamed<RenameForm>(["name", "description"]));
    }
  });

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Rename application">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Name" error={formState.errors.name?.message}>
          {(p) => <Input {...p} {...register("name")} maxLength={120} autoFocus />}
        </Field>
        <Field label="Description (optional)" error={formState.errors.description?.message}>
          {(p) => <Textarea {...p} {...register("description")} rows={2} />}
        </Field>
        {formState.errors.root && <FormAlert>{formState.errors.root.message}</FormAlert>}
        <DialogActions onCancel={onClose} label="Save" pendingLabel="Saving…" pending={formState.isSubmitting} />
      </form>
    </Dialog>
  );
}

function DeleteDialog({ app, onClose }: { app: AppSummary; onClose: () => void }) {
  const router = useRouter();
  const remove = useDeleteApplication();
  const count = app.providerLabels.length;
  return (
    <ConfirmDeletion
      title={`Delete “${app.name}”?`}
      label="Delete application"
      pendingLabel="Deleting…"
      pending={remove.isPending}
      onConfirm={async () => {
        await remove.mutateAsync(app.id);
        router.push("/applications");
      }}
      onClose={onClose}
    >
      {count === 0
        ? "This deletes the application. It holds no provider credentials."
        : `This deletes the application and its ${count} provider credential${count === 1 ? "" : "s"} (${app.providerLabels.join(", ")}). Code that reads them through Keyward will stop working.`}{" "}
      This cannot be undone.
    </ConfirmDeletion>
  );
}
