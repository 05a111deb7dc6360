"use client";

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import styles from "./shell.module.css";

export type ToastTone = "success" | "warning" | "error" | "info";
interface Toast {
  id: number;
  text: string;
  tone: ToastTone;
}

type ShowToast = (text: string, tone?: ToastTone) => void;
const ToastContext = createContext<ShowToast>(() => {});

const VISIBLE_MS = 6_000;

/** The way mutations report back: a small message that goes away by itself (or by its ✕). */
export function useToast(): ShowToast {
  return useContext(ToastContext);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const show = useCallback<ShowToast>(
    (text, tone = "success") => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-2), { id, text, tone }]);
      setTimeout(() => dismiss(id), tone === "error" ? VISIBLE_MS * 2 : VISIBLE_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      {/* Always in the DOM, so screen readers announce what is added to it. */}
      <div className={styles.toasts} role="status" aria-live="polite" aria-label="Notifications">
        {toasts.map((toast) => (
          <div key={toast.id} className={`${styles.toast} ${styles[toast.tone]}`} data-tone={toast.tone}>
            <span>{toast.text}</span>
            <button type="button" className={styles.toastClose} aria-label="Dismiss notification" onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
