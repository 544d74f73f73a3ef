"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { Toaster } from "sonner";
import { StepUpProvider, type StepUpActions } from "./step-up";

export function Providers({ stepUpActions, children }: { stepUpActions: StepUpActions; children: React.ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { mutations: { retry: false } } }));
  return (
    <QueryClientProvider client={client}>
      <StepUpProvider actions={stepUpActions}>{children}</StepUpProvider>
      <Toaster position="bottom-right" richColors closeButton />
    </QueryClientProvider>
  );
}
