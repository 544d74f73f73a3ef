"use client";

import { ActionFailed, useActionMutation } from "@/components/hooks/use-action-mutation";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  rollWebhookSecretAction,
  sendWebhookTestEventAction,
  updateWebhookEndpointAction,
} from "@/app/(dashboard)/webhooks/actions";

export const useCreateWebhookEndpoint = () => useActionMutation(createWebhookEndpointAction, { success: "Endpoint added", toastErrors: false });
export const useUpdateWebhookEndpoint = () =>
  useActionMutation(updateWebhookEndpointAction, { success: (e) => (e.enabled ? "Endpoint saved" : "Endpoint disabled"), toastErrors: false });
export const useDeleteWebhookEndpoint = () => useActionMutation(deleteWebhookEndpointAction, { success: "Endpoint deleted", toastErrors: false });
export const useRollWebhookSecret = () => useActionMutation(rollWebhookSecretAction, { success: "Signing secret rolled", toastErrors: false });
export const useSendWebhookTestEvent = () => useActionMutation(sendWebhookTestEventAction, { success: "Test event queued: it appears in the log below" });
export const useResendWebhookDelivery = () => useActionMutation(resendWebhookDeliveryAction, { success: "Delivery queued again" });

/** A failed action's message and field errors, for a form. */
export function formErrorOf(err: unknown): { message: string; fieldErrors: Record<string, string[]> } {
  const result = err instanceof ActionFailed ? err.result : null;
  return { message: result?.error ?? "Something went wrong. Nothing was changed; try again.", fieldErrors: result?.fieldErrors ?? {} };
}
