import type { RouterOutputs } from "@/components/trpc/react";

type ItemRef = RouterOutputs["overview"]["get"]["importState"]["importing"][number];

const names = (items: ItemRef[]) => items.map((item) => item.institutionName ?? "your bank").join(", ");

/** While a first sync is still importing, say so instead of letting zeros read as "no spending". */
export function ImportingNotice({ importing, historyArriving, everything }: { importing: ItemRef[]; historyArriving: ItemRef[]; everything: boolean }) {
  if (importing.length === 0 && historyArriving.length === 0) return null;
  return (
    <div className="banner info" role="status">
      <p>
        {importing.length > 0 &&
          (everything
            ? `Importing your transactions from ${names(importing)}… This usually takes under a minute; spending, income and cash flow appear here by themselves.`
            : `Still importing ${names(importing)}: its transactions are not in these figures yet.`)}
        {historyArriving.length > 0 && ` Older history from ${names(historyArriving)} is still arriving.`}
      </p>
    </div>
  );
}
