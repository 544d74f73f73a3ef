import type { Metadata } from "next";
import { headers } from "next/headers";
import { Providers } from "@/components/providers";
import { NavigationProgress } from "@/components/navigation-progress";
import { passkeyOptionsAction, passkeyVerifyAction } from "./passkey-actions";
import { stepUpAction, stepUpOptionsAction } from "./session-actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Keyward", template: "%s · Keyward" },
  description: "API keys for payment integrations",
};

// The "Confirm it's you" dialog's server actions, handed to the client provider.
const stepUpActions = {
  options: stepUpOptionsAction,
  confirm: stepUpAction,
  passkey: { options: passkeyOptionsAction, verify: passkeyVerifyAction },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: its scripts carry the nonce of this
  // response's Content-Security-Policy (set by proxy.ts), which a page
  // rendered at build time could not.
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers stepUpActions={stepUpActions}>
          <NavigationProgress />
          {children}
        </Providers>
      </body>
    </html>
  );
}
