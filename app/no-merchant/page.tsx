import { SignOutButton } from "@/app/_components/sign-out-button";

export default function NoMerchantPage() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">No merchant account</h1>
      <p className="mt-2 text-sm text-slate-600">
        Your sign-in is not a member of any merchant yet. Ask a merchant owner to invite you.
      </p>
      <div className="mt-6 flex justify-center">
        <SignOutButton />
      </div>
    </main>
  );
}
