"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

export function CopyButton({ value, label = "Copy", showText = false }: { value: string; label?: string; showText?: boolean }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      toast.error("Could not copy: select the text and copy it instead");
    }
  }
  return (
    <Button variant={showText ? "secondary" : "ghost"} size="sm" onClick={copy} aria-label={showText ? undefined : label}>
      {copied ? <Check className="h-4 w-4" aria-hidden /> : <Copy className="h-4 w-4" aria-hidden />}
      {showText && (copied ? "Copied" : "Copy")}
    </Button>
  );
}
