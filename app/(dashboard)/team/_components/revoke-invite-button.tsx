"use client";

import { Button } from "@/components/ui/button";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import { revokeInviteAction } from "../actions";

export function RevokeInviteButton({ inviteId, email }: { inviteId: string; email: string }) {
  const revoke = useActionMutation(revokeInviteAction, { success: `Invite for ${email} withdrawn` });
  return (
    <Button variant="ghost" size="sm" disabled={revoke.isPending} onClick={() => revoke.mutate(inviteId)} aria-label={`Withdraw invite for ${email}`}>
      Withdraw
    </Button>
  );
}
