import type { z } from "zod";
import { ServiceError, zodFieldErrors } from "@/lib/errors";

/** Parses a service's input with its schema; bad input is a validation error naming the fields at fault. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ServiceError("validation", "Some fields are invalid", zodFieldErrors(result.error.issues));
  return result.data;
}
