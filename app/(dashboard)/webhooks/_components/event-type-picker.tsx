"use client";

import { EVENT_TYPES, type EventType } from "@/lib/events/types";

/** Checkboxes for the event types an endpoint receives, with "all" and "none" shortcuts. */
export function EventTypePicker({
  value,
  onChange,
  error,
  focusRef,
}: {
  value: EventType[];
  onChange: (next: EventType[]) => void;
  error?: string;
  /** Receives the first checkbox, so a form can focus the list when no type is chosen. */
  focusRef?: React.Ref<HTMLInputElement>;
}) {
  const selected = new Set(value);
  const toggle = (type: EventType, on: boolean) =>
    onChange(EVENT_TYPES.map((e) => e.type).filter((t) => (t === type ? on : selected.has(t))));
  return (
    <fieldset className="space-y-2" aria-describedby={error ? "event-types-error" : undefined}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <legend className="text-sm font-medium text-slate-800">Events to send</legend>
        <div className="flex gap-3 text-xs">
          <button type="button" className="text-indigo-700 hover:underline" onClick={() => onChange(EVENT_TYPES.map((e) => e.type))}>
            Select all
          </button>
          <button type="button" className="text-indigo-700 hover:underline" onClick={() => onChange([])}>
            Clear
          </button>
        </div>
      </div>
      <ul className="grid max-h-64 gap-1 overflow-y-auto rounded-md p-2 ring-1 ring-inset ring-slate-200 sm:grid-cols-2">
        {EVENT_TYPES.map((e, i) => (
          <li key={e.type}>
            <label className="flex items-start gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50" title={e.description}>
              <input ref={i === 0 ? focusRef : undefined} type="checkbox" className="mt-0.5" checked={selected.has(e.type)} onChange={(ev) => toggle(e.type, ev.target.checked)} />
              <span className="min-w-0">
                <span className="block">{e.label}</span>
                <code className="block break-all text-xs text-slate-500">{e.type}</code>
              </span>
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p id="event-types-error" className="text-xs text-red-600">
          {error}
        </p>
      )}
    </fieldset>
  );
}
