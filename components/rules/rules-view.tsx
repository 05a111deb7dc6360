"use client";

import { useState } from "react";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { ApplyToHistory } from "./apply-to-history";
import { RuleForm } from "./rule-form";
import { RuleList } from "./rule-list";
import type { ListedRule } from "./rule-summary";

const header = (
  <div className="page-header">
    <div>
      <h1>Rules</h1>
      <p className="muted">
        Categorise, rename, tag or hide transactions automatically. Every matching rule applies, top first: for the same change the higher rule wins, tags add up. Your own edits
        to a transaction always win over a rule.
      </p>
    </div>
  </div>
);

/** /rules: the ordered list, apply to history with its count, and the form to add or edit a rule. */
export function RulesView() {
  const list = api.rules.list.useQuery();
  const [editing, setEditing] = useState<ListedRule | null>(null);
  // A new key empties the form after a save.
  const [saves, setSaves] = useState(0);

  if (list.isPending) {
    return (
      <>
        {header}
        <section className="card" aria-label="Loading rules">
          <Skeleton lines={5} label="Loading rules" />
        </section>
      </>
    );
  }
  if (list.error) {
    return (
      <>
        {header}
        <QueryError what="Rules" message={list.error.message} onRetry={() => void list.refetch()} />
      </>
    );
  }
  return (
    <>
      {header}
      <section className="card" aria-labelledby="rules-list-heading">
        <div className="section-header">
          <h2 id="rules-list-heading">Your rules</h2>
        </div>
        <ApplyToHistory />
        <RuleList
          list={list.data}
          onEdit={(rule) => {
            setEditing(rule);
            requestAnimationFrame(() => document.getElementById("rule-form-heading")?.focus());
          }}
        />
      </section>
      <section className="card" aria-labelledby="rule-form-heading">
        <h2 id="rule-form-heading" tabIndex={-1}>
          {editing ? `Edit “${editing.name}”` : "New rule"}
        </h2>
        <RuleForm
          key={editing?.id ?? `new-${String(saves)}`}
          list={list.data}
          rule={editing}
          onDone={() => {
            setEditing(null);
            setSaves((n) => n + 1);
          }}
        />
      </section>
    </>
  );
}
