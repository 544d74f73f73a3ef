"use client";

import { ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";

/**
 * The interactive reference, rendered in the browser from the OpenAPI
 * document. Everything is bundled: no fonts, scripts or proxies are fetched
 * from third parties.
 */
export function ApiReference({ document }: { document: object }) {
  return (
    <ApiReferenceReact
      configuration={{
        content: document,
        withDefaultFonts: false,
        telemetry: false,
        hideDarkModeToggle: true,
        forceDarkModeState: "light",
        hideClientButton: true,
        hideTestRequestButton: true,
        showDeveloperTools: "never",
        defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
        layout: "modern",
        defaultOpenAllTags: true,
        // No hosted AI chat or MCP generator: they would send the document to a third party.
        agent: { disabled: true },
        mcp: { disabled: true },
      }}
    />
  );
}
