import { Button } from "./button";

/** A dialog's Cancel and submit buttons; the submit shows its pending label while the work runs. */
export function DialogActions({
  onCancel,
  label,
  pendingLabel,
  pending = false,
  disabled = false,
  variant = "primary",
}: {
  onCancel: () => void;
  label: string;
  pendingLabel: string;
  pending?: boolean;
  disabled?: boolean;
  variant?: "primary" | "danger";
}) {
  return (
    <div className="flex justify-end gap-2">
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" variant={variant} disabled={pending || disabled}>
        {pending ? pendingLabel : label}
      </Button>
    </div>
  );
}
