"use client";

import { useActionMutation } from "@/components/hooks/use-action-mutation";
import {
  addCredentialAction,
  createApplicationAction,
  deleteApplicationAction,
  removeCredentialAction,
  rotateCredentialAction,
  updateApplicationAction,
} from "../actions";

export const useCreateApplication = () =>
  useActionMutation(createApplicationAction, { success: (a) => `Created “${a.name}”`, toastErrors: false });
export const useUpdateApplication = () =>
  useActionMutation(updateApplicationAction, { success: (a) => `Saved “${a.name}”`, toastErrors: false });
export const useDeleteApplication = () =>
  useActionMutation(deleteApplicationAction, { success: (a) => `Deleted “${a.name}”`, toastErrors: false });
export const useAddCredential = () =>
  useActionMutation(addCredentialAction, { success: (c) => `Saved ${c.label} credentials (${c.mask})`, toastErrors: false });
export const useRotateCredential = () =>
  useActionMutation(rotateCredentialAction, { success: (c) => `Rotated the ${c.label} key (${c.mask})`, toastErrors: false });
export const useRemoveCredential = () =>
  useActionMutation(removeCredentialAction, { success: (c) => `Removed the ${c.label} credentials`, toastErrors: false });

