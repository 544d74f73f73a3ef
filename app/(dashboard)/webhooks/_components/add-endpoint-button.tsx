"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { Environment } from "@/lib/api-keys/kinds";
import { EndpointFormDialog } from "./endpoint-form-dialog";

export function AddEndpointButton({ environments }: { environments: Environment[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus className="h-4 w-4" aria-hidden /> Add endpoint
      </Button>
      <EndpointFormDialog open={open} onOpenChange={setOpen} environments={environments} />
    </>
  );
}
