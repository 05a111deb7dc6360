"use client";

import dynamic from "next/dynamic";

/**
 * react-plaid-link loads only once a Link token exists (after a click), keeping it out of every
 * page's first-load JavaScript.
 */
export const LazyPlaidLinkLauncher = dynamic(() => import("./plaid-link-launcher").then((module) => module.PlaidLinkLauncher), { ssr: false });
