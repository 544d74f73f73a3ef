"use client";

import { useActionMutation } from "@/components/hooks/use-action-mutation";
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

