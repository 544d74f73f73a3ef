"use client";

import { useActionMutation } from "@/components/hooks/use-action-mutation";
import { createKeyAction, revealKeyAction, revokeKeyAction, rollKeyAction, updateKeyAction } from "../actions";

export const useCreateKey = () => useActionMutation(createKeyAction, { toastErrors: false });
export const useRevealKey = () => useActionMutation(revealKeyAction);
export const useUpdateKey = () => useActionMutation(updateKeyAction, { success: (k) => `Saved “${k.name}”`, toastErrors: false });
export const useRollKey = () => useActionMutation(rollKeyAction, { success: "Key rolled", toastErrors: false });
export const useRevokeKey = () => useActionMutation(revokeKeyAction, { success: (k) => `Revoked “${k.name}”`, toastErrors: false });
