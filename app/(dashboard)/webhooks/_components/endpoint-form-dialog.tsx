"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { Dialog } from "@/components/ui/dialog";
import { EnvironmentField } from "@/components/environment-field";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field, Input } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { fieldsNamed, showActionFailure } from "@/components/hooks/action-form-errors";
import type { Environment } from "@/lib/api-keys/kinds";
import type { EventType } from "@/lib/events/types";
import { webhookEndpointFormSchema } from "@/lib/validations/webhook";
import { EventTypePicker } from "./event-type-picker";
import { SigningSecretDialog, type RevealedSigningSecret } from "./signing-secret-dialog";
import { useCreateWebhookEndpoint, useUpdateWebhookEndpoint } from "./use-webhook-mutations";

const DEFAULT_EVENTS: EventType[] = ["api_key.leaked", "api_key.revoked", "api_key.expiring", "api_key.rotation_still_in_use"];

type Initial = { id: string; url: string; description: string | null; eventTypes: EventType[] };

type EndpointForm = z.input<typeof webhookEndpointFormSchema>;
const FIELDS = ["url", "description", "environment", "eventTypes"] as const;

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
  const [revealed, setRevealed] = useState<(RevealedSigningSecret & { id: string }) | null>(null);
  const create = useCreateWebhookEndpoint();
  const update = useUpdateWebhookEndpoint();
  const defaults: EndpointForm = initial
    ? { url: initial.url, description: initial.description ?? "", eventTypes: initial.eventTypes }
    : { url: "", description: "", environment: environments[0] ?? "test", eventTypes: DEFAULT_EVENTS };
  const { register, handleSubmit, formState, control, setError, reset } = useForm<EndpointForm, unknown, z.output<typeof webhookEndpointFormSchema>>({
    resolver: zodResolver(webhookEndpointFormSchema),
    defaultValues: defaults,
  });

  /** Closing always starts the next endpoint from a clean form. */
  function close() {
    onOpenChange(false);
    reset(defaults);
  }

  const onSubmit = handleSubmit(async ({ url, description, environment, eventTypes }) => {
    try {
      if (initial) {
        await update.mutateAsync({ id: initial.id, changes: { url, description: description || null, eventTypes } });
        close();
      } else {
        const created = await create.mutateAsync({ url, description: description || undefined, environment: environment ?? "test", eventTypes });
        close();
        setRevealed({ id: created.id, url: created.url, secret: created.secret });
      }
    } catch (err) {
      showActionFailure(err, setError, fieldsNamed<EndpointForm>(FIELDS));
    }
  });

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(o) => (o ? onOpenChange(true) : close())}
        title={initial ? "Edit endpoint" : "Add endpoint"}
        description="Keyward POSTs each chosen event to this URL as JSON, signed per Standard Webhooks."
        wide
      >
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field
            label="Endpoint URL"
            hint="https:// (http:// only for localhost or 127.0.0.1 while developing)."
            error={formState.errors.url?.message}
          >
            {(p) => <Input {...p} {...register("url")} type="url" inputMode="url" placeholder="https://example.com/webhooks/keyward" autoFocus />}
          </Field>
          <Field label="Description (optional)" error={formState.errors.description?.message}>
            {(p) => <Input {...p} {...register("description")} maxLength={200} />}
          </Field>
          {!initial && (
            <EnvironmentField
              environments={environments}
              field={register("environment")}
              hint="Fixed once created. Live endpoints also receive team and support-access events."
              error={formState.errors.environment?.message}
            />
          )}
          <Controller
            control={control}
            name="eventTypes"
            render={({ field, fieldState }) => (
              <EventTypePicker value={field.value} onChange={field.onChange} focusRef={field.ref} error={fieldState.error?.message} />
            )}
          />
          {formState.errors.root && <FormAlert>{formState.errors.root.message}</FormAlert>}
          <DialogActions
            onCancel={close}
            label={initial ? "Save endpoint" : "Add endpoint"}
            pendingLabel={initial ? "Saving…" : "Adding…"}
            pending={formState.isSubmitting}
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
