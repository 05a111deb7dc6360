import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { AccountDetailView } from "@/components/accounts/account-detail-view";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Not a uuid: no account can match, so answer the branded 404 without a round trip.
  if (!z.uuid().safeParse(id).success) notFound();
  return <AccountDetailView accountId={id} />;
}
