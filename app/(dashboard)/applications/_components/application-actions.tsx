"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/field";
import { updateApplicationSchema } from "@/lib/validations/application";
import { zodFieldErrors } from "@/lib/errors";
import { failure, useDeleteApplication, useUpdateApplication } from "./use-application-mutations";
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

function RenameDialog({ app, onClose }: { app: AppSummary; onClose: () => void }) {
  const [name, setName] = useState(app.name);
  const [description, setDescription] = useState(app.description ?? "");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const update = useUpdateApplication();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const changes = { name, description: description.trim() || null };
    const parsed = updateApplicationSchema.safeParse(changes);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    try {
      await update.mutateAsync({ id: app.id, changes });
      onClose();
    } catch (err) {
      const f = failure(err);
      setErrors(f.fieldErrors);
      setFormError(f.message);
    }
  }

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Rename application">
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Name" error={errors.name?.[0]}>
          {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoFocus />}
        </Field>
        <Field label="Description (optional)" error={errors.description?.[0]}>
          {(p) => <Textarea {...p} value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />}
        </Field>
        {formError && (
          <FormAlert>
            {formError}
          </FormAlert>
        )}
        <DialogActions onCancel={onClose} label="Save" pendingLabel="Saving…" pending={update.isPending} />
      </form>
    </Dialog>
  );
}

function DeleteDialog({ app, onClose }: { app: AppSummary; onClose: () => void }) {
  const router = useRouter();
  const remove = useDeleteApplication();
  const [error, setError] = useState<string | null>(null);
  const count = app.providerLabels.length;

  async function confirm() {
    try {
      await remove.mutateAsync(app.id);
      onClose();
      router.push("/applications");
    } catch (err) {
      setError(failure(err).message);
    }
  }

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Delete “${app.name}”?`}>
      <div className="space-y-4 text-sm text-slate-700">
        <p>
          {count === 0
            ? "This deletes the application. It holds no provider credentials."
            : `This deletes the application and its ${count} provider credential${count === 1 ? "" : "s"} (${app.providerLabels.join(", ")}). Code that reads them through Keyward will stop working.`}{" "}
          This cannot be undone.
        </p>
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-700">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={confirm}>
            {remove.isPending ? "Deleting…" : "Delete application"}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
