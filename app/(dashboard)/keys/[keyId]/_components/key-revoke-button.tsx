"use client";

import { useState } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import type { ApiKeyView } from "@/lib/api-keys/service";
import { RevokeKeyDialog } from "../../_components/revoke-key-dialog";

/** Opens the usual revoke dialog from the key's detail page. */
export function KeyRevokeButton({
  keyView,
  children,
  variant = "secondary",
}: {
  keyView: ApiKeyView;
  children: React.ReactNode;
  variant?: ButtonProps["variant"];
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant={variant} className={variant === "secondary" ? "text-red-700" : undefined} onClick={() => setOpen(true)}>
        {children}
      </Button>
      {open && <RevokeKeyDialog keyView={keyView} onClose={() => setOpen(false)} />}
    </>
  );
}
