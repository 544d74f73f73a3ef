"use client";

import { useActionMutation } from "@/components/hooks/use-action-mutation";
import {
  acknowledgeNewIpAction,
  createKeyAction,
  disableKeyAction,
  dismissNotificationsAction,
  enableKeyAction,
  expireKeyNowAction,
  revealKeyAction,
  revokeKeyAction,
  rollKeyAction,
  updateKeyAction,
} from "../actions";

export const useCreateKey = () => useActionMutation(createKeyAction, { toastErrors: false });
export const useRevealKey = () => useActionMutation(revealKeyAction);
export const useUpdateKey = () => useActionMutation(updateKeyAction, { success: (k) => `Saved “${k.name}”`, toastErrors: false });
export const useRollKey = () => useActionMutation(rollKeyAction, { success: "Key rolled", toastErrors: false });
export const useRevokeKey = () => useActionMutation(revokeKeyAction, { success: (k) => `Revoked “${k.name}”`, toastErrors: false });
export const useDisableKey = () => useActionMutation(disableKeyAction, { success: (k) => `Disabled “${k.name}”`, toastErrors: false });
export const useEnableKey = () => useActionMutation(enableKeyAction, { success: (k) => `Enabled “${k.name}”` });
export const useExpireKeyNow = () => useActionMutation(expireKeyNowAction, { success: "The old secret no longer works", toastErrors: false });
export const useDismissNotifications = () => useActionMutation(dismissNotificationsAction);
export const useAcknowledgeNewIp = () =>
  useActionMutation(acknowledgeNewIpAction, { success: (r) => `Marked ${r.ip} as known for this key` });
