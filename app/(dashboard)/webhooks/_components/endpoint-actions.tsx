"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Send } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field, Select } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { actionFailure } from "@/components/hooks/action-form-errors";
import type { Environment } from "@/lib/api-keys/kinds";
import type { EventType } from "@/lib/events/types";
import { EndpointFormDialog } from "./endpoint-form-dialog";
import { SigningSecretDialog, type RevealedSigningSecret } from "./signing-secret-dialog";
import {
  useDeleteWebhookEndpoint,
  useRollWebhookSecret,
  useSendWebhookTestEvent,
  useUpdateWebhookEndpoint,
} from "./use-webhook-mutations";

const OVERLAPS = [
  { seconds: 0, label: "End it now" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours" },
  { seconds: 7 * 86_400, label: "7 days" },
];

type Endpoint = { id: string; url: string; description: string | null; environment: Environment; eventTypes: EventType[]; enabled: boolean };

/** The endpoint page's controls: test event, edit, roll secret, enable/disable, delete. */
export function EndpointActions({ endpoint }: { endpoint: Endpoint }) {
  const router = useRouter();
  const [dialog, setDialog] = useState<"edit" | "roll" | "delete" | null>(null);
  const [overlap, setOverlap] = useState(86_400);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<RevealedSigningSecret | null>(null);
  const test = useSendWebhookTestEvent();
  const update = useUpdateWebhookEndpoint();
  const roll = useRollWebhookSecret();
  const remove = useDeleteWebhookEndpoint();

  const close = () => {
    setDialog(null);
    setError(null);
  };

  async function run(work: () => Promise<void>) {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(actionFailure(err).message);
    }
  }

  return (
    <div className="flex flex-wrap gap-2">
      <Button onClick={() => test.mutate(endpoint.id)} disabled={!endpoint.enabled || test.isPending} title={endpoint.enabled ? undefined : "Enable the endpoint first"}>
        <Send className="h-4 w-4" aria-hidden /> {test.isPending ? "Sending…" : "Send test event"}
      </Button>
      <Button variant="secondary" onClick={() => setDialog("edit")}>
        Edit
      </Button>
      <Button variant="secondary" onClick={() => setDialog("roll")}>
        Roll secret
      </Button>
      <Button
        variant="secondary"
        disabled={update.isPending}
        onClick={() => run(async () => void (await update.mutateAsync({ id: endpoint.id, changes: { enabled: !endpoint.enabled } })))}
      >
        {endpoint.enabled ? "Disable" : "Enable"}
      </Button>
      <Button variant="danger" onClick={() => setDialog("delete")}>
        Delete
      </Button>
      {error && dialog === null && <FormAlert>{error}</FormAlert>}

      {dialog === "edit" && (
        <EndpointFormDialog open onOpenChange={(o) => !o && close()} environments={[endpoint.environment]} initial={endpoint} />
      )}

      <Dialog
        open={dialog === "roll"}
        onOpenChange={(o) => !o && close()}
        title="Roll the signing secret"
        description="A new secret signs every request from now on. Meanwhile the current one can keep signing beside it, so your receiver can switch without missing an event."
      >
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const rolled = await roll.mutateAsync({ id: endpoint.id, expirePreviousIn: overlap });
              close();
              setRevealed({ url: rolled.url, secret: rolled.secret });
            });
          }}
        >
          <Field label="Keep the current secret signing for">
            {(p) => (
              <Select {...p} value={overlap} onChange={(e) => setOverlap(Number(e.target.value))}>
                {OVERLAPS.map((o) => (
                  <option key={o.seconds} value={o.seconds}>
                    {o.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {error && <FormAlert>{error}</FormAlert>}
          <DialogActions onCancel={close} label="Roll secret" pendingLabel="Rolling…" pending={roll.isPending} />
        </form>
      </Dialog>

      <Dialog
        open={dialog === "delete"}
        onOpenChange={(o) => !o && close()}
        title="Delete this endpoint?"
        description={<span className="break-all">Events stop going to {endpoint.url}, and its delivery log is deleted. This cannot be undone.</span>}
      >
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await remove.mutateAsync(endpoint.id);
              close();
              router.push("/webhooks");
            });
          }}
        >
          {error && <FormAlert>{error}</FormAlert>}
          <DialogActions onCancel={close} label="Delete endpoint" pendingLabel="Deleting…" pending={remove.isPending} variant="danger" />
        </form>
      </Dialog>

      <SigningSecretDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </div>
  );
}
