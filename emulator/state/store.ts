import { buildItemData, type ItemData } from "./item-data";
import {
  type ItemRecord,
  type LinkTokenRecord,
  type PublicTokenRecord,
  type SigningKeyRecord,
  type Snapshot,
} from "./schema";

// All emulator state in memory. Mutations go through methods that call `changed()`, which the
// server wires to the debounced persister; item data (accounts, transactions, change log) is a
// cache rebuilt from the item record on first use after a restart.
export class Store {
  items = new Map<string, ItemRecord>();
  itemsByAccessToken = new Map<string, ItemRecord>();
  linkTokens = new Map<string, LinkTokenRecord>();
  publicTokens = new Map<string, PublicTokenRecord>();
  keys: SigningKeyRecord[] = [];
  itemOrdinal = 0;
  private dataCache = new Map<string, ItemData>();
  private listeners: (() => void)[] = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  nextOrdinal(): number {
    this.itemOrdinal += 1;
    this.changed();
    return this.itemOrdinal;
  }

  addItem(item: ItemRecord): void {
    this.items.set(item.itemId, item);
    this.itemsByAccessToken.set(item.accessToken, item);
    this.changed();
  }

  data(item: ItemRecord): ItemData {
    let data = this.dataCache.get(item.itemId);
    if (data === undefined) {
      data = buildItemData(item);
      this.dataCache.set(item.itemId, data);
    }
    return data;
  }

  /** Forgets items, tokens and data; signing keys survive so receivers' key caches stay valid. */
  reset(): void {
    this.items.clear();
    this.itemsByAccessToken.clear();
    this.linkTokens.clear();
    this.publicTokens.clear();
    this.dataCache.clear();
    this.itemOrdinal = 0;
    this.changed();
  }

  snapshot(): Snapshot {
    return {
      version: 1,
      itemOrdinal: this.itemOrdinal,
      items: [...this.items.values()],
      linkTokens: [...this.linkTokens.values()],
      publicTokens: [...this.publicTokens.values()],
      keys: this.keys,
    };
  }

  load(snapshot: Snapshot): void {
    this.reset();
    this.itemOrdinal = snapshot.itemOrdinal;
    for (const item of snapshot.items) this.addItem(item);
    for (const token of snapshot.linkTokens) this.linkTokens.set(token.token, token);
    for (const token of snapshot.publicTokens) this.publicTokens.set(token.token, token);
    this.keys = snapshot.keys;
  }
}
