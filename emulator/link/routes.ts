import { randomBytes } from "node:crypto";
import { type IncomingMessage } from "node:http";
import { type Emulator } from "../context";
import { sendText } from "../http/io";
import { type RawRoute } from "../http/router";
import { linkApiRoutes } from "./api";
import { linkDemoPage } from "./demo-page";
import { oauthConsentRoutes } from "./oauth-consent";
import { linkScript } from "./script";
import { linkUiPage } from "./ui-page";

/** The emulator's own origin as the browser reached it (the Host header), e.g. http://127.0.0.1:4010. */
export function requestOrigin(req: IncomingMessage): string {
  return `http://${req.headers.host ?? "127.0.0.1"}`;
}

export function linkRoutes(emu: Emulator): RawRoute[] {
  return [
    {
      method: "GET",
      path: "/link/link-initialize.js",
      handle(req, res) {
        sendText(res, 200, "application/javascript; charset=utf-8", linkScript(requestOrigin(req)), { "Access-Control-Allow-Origin": "*" });
      },
    },
    {
      method: "GET",
      path: "/link/ui",
      handle(_req, res) {
        const { html, csp } = linkUiPage(randomBytes(16).toString("base64"));
        sendText(res, 200, "text/html; charset=utf-8", html, { "Content-Security-Policy": csp });
      },
    },
    {
      method: "GET",
      path: "/__emulator/link-demo",
      handle(_req, res) {
        const { html, csp } = linkDemoPage(randomBytes(16).toString("base64"));
        sendText(res, 200, "text/html; charset=utf-8", html, { "Content-Security-Policy": csp });
      },
    },
    ...linkApiRoutes(emu),
    ...oauthConsentRoutes(emu),
  ];
}
