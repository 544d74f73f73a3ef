"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field, Input, Select } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import type { Environment } from "@/lib/api-keys/kinds";
import { zodFieldErrors } from "@/lib/errors";
import type { EventType } from "@/lib/events/types";
import { createWebhookEndpointSchema, updateWebhookEndpointSchema } from "@/lib/webhooks/schema";
import { EventTypePicker } from "./event-type-picker";
import { SigningSecretDialog, type RevealedSigningSecret } from "./signing-secret-dialog";
import { formErrorOf, useCreateWebhookEndpoint, useUpdateWebhookEndpoint } from "./use-webhook-mutations";

const DEFAULT_EVENTS: EventType[] = ["api_key.leaked", "api_key.revoked", "api_key.expiring", "api_key.rotation_still_in_use"];

type Initial = { id: string; url: string; description: string | null; eventTypes: EventType[] };

/**
 * Adds an endpoint (then shows its signing secret once and opens it) or
 * edits one. Validated with the same schema as the server.
 */
export function EndpointFormDialog({
  open,
  onOpenChange,
  environments,
  initial,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  environments: Environment[];
  initial?: Initial;
}) {
  const router = useRouter();
  const [url, setUrl] = useState(initial?.url ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [environment, setEnvironment] = useState<Environment>(environments[0] ?? "test");
  const [eventTypes, setEventTypes] = useState<EventType[]>(initial?.eventTypes ?? DEFAULT_EVENTS);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<(RevealedSigningSecret & { id: string }) | null>(null);
  const create = useCreateWebhookEndpoint();
  const update = useUpdateWebhookEndpoint();

  function close() {
    onOpenChange(false);
    setErrors({});
    setFormError(null);
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const input = initial
      ? { url: url.trim(), description: description.trim() || null, eventTypes }
      : { url: url.trim(), description: description.trim() || undefined, environment, eventTypes };
    const parsed = (initial ? updateWebhookEndpointSchema : createWebhookEndpointSchema).safeParse(input);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      if (initial) {
        await update.mutateAsync({ id: initial.id, changes: input });
        close();
      } else {
        const created = await create.mutateAsync(input);
        close();
        setUrl("");
        setDescription("");
        setRevealed({ id: created.id, url: created.url, secret: created.secret });
      }
    } catch (err) {
      const f = formErrorOf(err);
      setErrors(f.fieldErrors);
      setFormError(f.message);
    }
  }

  const pending = create.isPending || update.isPending;
  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(o) => (o ? onOpenChange(true) : close())}
        title={initial ? "Edit endpoint" : "Add endpoint"}
        description="Keyward POSTs each chosen event to this URL as JSON, signed per Standard Webhooks."
        wide
      >
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field
            label="Endpoint URL"
            hint="https:// (http:// only for localhost or 127.0.0.1 while developing)."
            error={errors.url?.[0]}
          >
            {(p) => (
              <Input {...p} type="url" inputMode="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/webhooks/keyward" autoFocus />
            )}
          </Field>
          <Field label="Description (optional)" error={errors.description?.[0]}>
            {(p) => <Input {...p} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />}
          </Field>
          {!initial && (
            <Field
              label="Environment"
              hint="Fixed once created. Live endpoints also receive team and support-access events."
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
          )}
          <EventTypePicker value={eventTypes} onChange={setEventTypes} error={errors.eventTypes?.[0] ?? Object.entries(errors).find(([k]) => k.startsWith("eventTypes."))?.[1][0]} />
          {formError && <FormAlert>{formError}</FormAlert>}
          <DialogActions
            onCancel={close}
            label={initial ? "Save endpoint" : "Add endpoint"}
            pendingLabel={initial ? "Saving…" : "Adding…"}
            pending={pending}
          />
        </form>
      </Dialog>
      <SigningSecretDialog
        revealed={revealed}
        onClose={() => {
          const id = revealed?.id;
          setRevealed(null);
          if (id) router.push(`/webhooks/${id}`);
        }}
      />
    </>
  );
}
