"use client";

import { useEffect, useRef, useState, type ComponentType, type MouseEvent, type ReactNode } from "react";
import styles from "./island.module.css";

interface Loaded<P> {
  Component: ComponentType<P>;
  Provider: ComponentType<{ children: ReactNode }>;
}

/**
 * A tRPC-using control on a server-rendered page, loaded when first used. Until then its
 * `placeholder` (the same button, as plain markup) stands in, so the page ships no tRPC, React
 * Query or superjson; the click on a placeholder button loads the component with its provider
 * and is then handed to the component's first button, so one click is enough.
 */
export function TRPCIsland<P extends object>({ load, props, placeholder }: { load: () => Promise<ComponentType<P>>; props: P; placeholder: ReactNode }) {
  const [loaded, setLoaded] = useState<Loaded<P> | null>(null);
  const [state, setState] = useState<"idle" | "loading" | "failed">("idle");
  const container = useRef<HTMLDivElement>(null);
  const replayClick = useRef(false);

  const activate = (event: MouseEvent<HTMLDivElement>) => {
    if (!(event.target instanceof Element) || !event.target.closest("button") || state === "loading") return;
    replayClick.current = true;
    setState("loading");
    Promise.all([load(), import("./react")])
      .then(([Component, trpc]) => setLoaded({ Component, Provider: trpc.TRPCReactProvider }))
      .catch(() => {
        replayClick.current = false;
        setState("failed");
      });
  };

  useEffect(() => {
    if (!loaded || !replayClick.current) return;
    replayClick.current = false;
    container.current?.querySelector("button")?.click();
  }, [loaded]);

  if (loaded) {
    const { Component, Provider } = loaded;
    return (
      <div ref={container} className={styles.island}>
        <Provider>
          <Component {...props} />
        </Provider>
      </div>
    );
  }
  return (
    <div ref={container} className={styles.island} onClick={activate} aria-busy={state === "loading"}>
      {placeholder}
      {state === "failed" && (
        <p role="alert" className="form-error">
          This could not be loaded. Check your connection and try again.
        </p>
      )}
    </div>
  );
}
