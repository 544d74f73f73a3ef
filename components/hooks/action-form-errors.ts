import type { FieldPath, FieldValues, UseFormSetError } from "react-hook-form";
import { ActionFailed } from "@/components/hooks/use-action-mutation";

const UNKNOWN_FAILURE = "Something went wrong. Nothing was changed; try again.";

/** A failed action's message and field errors (by the action's field names). */
export function actionFailure(err: unknown): { message: string; fieldErrors: Record<string, string[]> } {
  const result = err instanceof ActionFailed ? err.result : null;
  return { message: result?.error ?? UNKNOWN_FAILURE, fieldErrors: result?.fieldErrors ?? {} };
}

/**
 * Shows a failed action in a react-hook-form form: each field error under
 * its field, the first of them focused; the message goes to the form's
 * alert (errors.root) when no field error could be placed. `fieldOf` maps
 * an action's field name ("eventTypes.0") onto the form's, or to nothing.
 */
export function showActionFailure<T extends FieldValues>(
  err: unknown,
  setError: UseFormSetError<T>,
  fieldOf: (actionField: string) => FieldPath<T> | null,
) {
  const failure = actionFailure(err);
  let placed = false;
  for (const [actionField, messages] of Object.entries(failure.fieldErrors)) {
    const field = fieldOf(actionField);
    if (!field || !messages[0]) continue;
    setError(field, { message: messages[0] }, { shouldFocus: !placed });
    placed = true;
  }
  if (!placed) setError("root", { message: failure.message });
}

/** fieldOf for forms whose fields are named as the action's: the part before any "." if it is one of `fields`. */
export function fieldsNamed<T extends FieldValues>(fields: readonly FieldPath<T>[]) {
  return (actionField: string) => fields.find((f) => f === actionField.split(".")[0]) ?? null;
}
