/**
 * Who a unit is (POLICY §2 step 4): its unified social credit code when present, else its normalised name.
 * A name seen with a code anywhere (this ledger or 已兑付) is the same unit when a later row omits the code.
 */
import { NAME_KEY, parseRecipientIdentity } from "./classify";
import { normaliseName } from "./values";

export class UnitResolver {
  private readonly codeOfName = new Map<string, string | null>();
  private lastName?: string;
  private lastKey?: string;

  learn(name: string, code?: string, key = parseRecipientIdentity(name, code)): void {
    // A unit's rows usually come together: learning the pair just learnt again changes nothing.
    if (name === this.lastName && key === this.lastKey) return;
    this.lastName = name;
    this.lastKey = key;
    if (!key.startsWith("code:")) return;
    const n = normaliseName(name);
    const known = this.codeOfName.get(n);
    // One name under two codes is two units: fall back to the name only where the row gives no code.
    this.codeOfName.set(n, known === undefined || known === key ? key : null);
  }

  keyOf(name: string, code?: string, key = parseRecipientIdentity(name, code)): string {
    if (key.startsWith("code:") || this.codeOfName.size === 0) return key;
    return this.codeOfName.get(key.slice(NAME_KEY.length)) ?? key;
  }
}
