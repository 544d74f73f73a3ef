import Link from "next/link";

export default function KeyNotFound() {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
      <h1 className="text-lg font-medium">No such API key</h1>
      <p className="mt-1 text-sm text-slate-600">
        It does not exist or belongs to another account.{" "}
        <Link href="/keys" className="text-indigo-700 underline">
          Back to API keys
        </Link>
      </p>
    </div>
  );
}
