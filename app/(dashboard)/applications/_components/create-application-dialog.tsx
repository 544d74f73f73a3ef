"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import type { Environment } from "@/lib/api-keys/format";
import { createApplicationSchema } from "@/lib/validations/application";
import { zodFieldErrors } from "@/lib/errors";
import { failure, useCreateApplication } from "./use-application-mutations";
import { FormAlert } from "@/components/ui/form-alert";
import { DialogActions } from "@/components/ui/dialog-actions";

export function CreateApplicationButton({ environments }: { environments: Environment[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [environment, setEnvironment] = useState<Environment>(environments[0] ?? "test");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreateApplication();

  function close() {
    setOpen(false);
    setErrors({});
    setFormError(null);
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const input = { name, description: description.trim() || undefined, environment };
    const parsed = createApplicationSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      const created = await create.mutateAsync(input);
      setName("");
      setDescription("");
      close();
      router.push(`/applications/${created.id}`);
    } catch (err) {
      const f = failure(err);
      setErrors(f.fieldErrors);
      setFormError(f.message);
    }
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus className="h-4 w-4" aria-hidden /> New application
      </Button>
      <Dialog open={open} onOpenChange={(o) => (o ? setOpen(true) : close())} title="New application">
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field label="Name" hint="What it is, e.g. “Web checkout”." error={errors.name?.[0]}>
            {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoFocus />}
          </Field>
          <Field label="Description (optional)" error={errors.description?.[0]}>
            {(p) => <Textarea {...p} value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />}
          </Field>
          <Field
            label="Environment"
            hint="Fixed once created: a test application only accepts providers' test keys, a live one only live keys."
            error={errors.environment?.[0]}
          >
            {(p) => (
              <Select {...p} value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
                {environments.map((env) => (
                  <option key={env} value={env}>
                    {env === "test" ? "Test" : "Live"}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {formError && (
            <FormAlert>
              {formError}
            </FormAlert>
          )}
          <DialogActions onCancel={close} label="Create application" pendingLabel="Creating…" pending={create.isPending} />
        </form>
      </Dialog>
    </>
  );
}
