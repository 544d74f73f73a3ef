"use client";

import { useTransition } from "react";
import { switchMerchantAction } from "../session-actions";

export function MerchantSwitcher({
  merchants,
  activeId,
  disabled,
}: {
  merchants: { id: string; name: string }[];
  activeId: string;
  disabled?: boolean;
}) {
  const [pending, start] = useTransition();
  const active = merchants.find((m) => m.id === activeId);
  if (merchants.length <= 1 || disabled) {
    return <span className="text-sm font-medium text-slate-800">{active?.name}</span>;
  }
  return (
    <label className="text-sm">
      <span className="sr-only">Merchant</span>
      <select
        className="rounded-md border-0 bg-slate-50 py-1 pl-2 pr-7 text-sm font-medium ring-1 ring-slate-300"
        value={activeId}
        disabled={pending}
        onChange={(e) => start(() => void switchMerchantAction(e.target.value))}
      >
        {merchants.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  );
}
