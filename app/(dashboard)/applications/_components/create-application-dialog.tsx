"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EnvironmentField } from "@/components/environment-field";
import { Field, Input, Textarea } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { DialogActions } from "@/components/ui/dialog-actions";
import { fieldsNamed, showActionFailure } from "@/components/hooks/action-form-errors";
import type { Environment } from "@/lib/api-keys/format";
import { createApplicationSchema } from "@/lib/validations/application";
import { useCreateApplication } from "./use-application-mutations";

type Form = z.input<typeof createApplicationSchema>;

export function CreateApplicationButton({ environments }: { environments: Environment[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const create = useCreateApplication();
  const defaults: Form = { name: "", description: "", environment: environments[0] ?? "test" };
  const { register, handleSubmit, formState, setError, reset } = useForm<Form, unknown, z.output<typeof createApplicationSchema>>({
    resolver: zodResolver(createApplicationSchema),
    defaultValues: defaults,
  });

  /** Closing always starts the next application from a clean form. */
  function close() {
    setOpen(false);
    reset(defaults);
  }

  const onSubmit = handleSubmit(async (values) => {
    try {
      const created = await create.mutateAsync({ ...values, description: values.description || undefined });
      close();
      router.push(`/applications/${created.id}`);
    } catch (err) {
      showActionFailure(err, setError, fieldsNamed<Form>(["name", "description", "environment"]));
    }
  });

  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus className="h-4 w-4" aria-hidden /> New application
      </Button>
      <Dialog open={open} onOpenChange={(o) => (o ? setOpen(true) : close())} title="New application">
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field label="Name" hint="What it is, e.g. “Web checkout”." error={formState.errors.name?.message}>
            {(p) => <Input {...p} {...register("name")} maxLength={120} autoFocus />}
          </Field>
          <Field label="Description (optional)" error={formState.errors.description?.message}>
            {(p) => <Textarea {...p} {...register("description")} rows={2} />}
          </Field>
          <EnvironmentField
            environments={environments}
            field={register("environment")}
            hint="Fixed once created: a test application only accepts providers' test keys, a live one only live keys."
            error={formState.errors.environment?.message}
          />
          {formState.errors.root && <FormAlert>{formState.errors.root.message}</FormAlert>}
          <DialogActions onCancel={close} label="Create application" pendingLabel="Creating…" pending={formState.isSubmitting} />
        </form>
      </Dialog>
    </>
  );
}
