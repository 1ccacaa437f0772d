/**
 * Who a unit is (POLICY §2 step 4): its unified social credit code when present, else its normalised name.
 * A name seen with a code anywhere (this ledger or 已兑付) is the same unit when a later row omits the code.
 */
import { NAME_KEY, parseRecipientIdentity } from "./classify";
import { normaliseName } from "./values";

export class UnitResolver {
  private readonly codeOfName = new Map<string, string | null>();
  /** Every code seen under a name that has more than one (LEDGER.md "One name, two credit codes"). */
  private readonly codesOfName = new Map<string, Set<string>>();
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
    // One name under two codes is ambiguous: its rows are held (balance), and a row without a code joins neither.
    this.codeOfName.set(n, known === undefined || known === key ? key : null);
    if (known !== undefined && known !== key) {
      const codes = this.codesOfName.get(n) ?? new Set(known === null ? [] : [known]);
      codes.add(key);
      this.codesOfName.set(n, codes);
    }
  }

  /** The codes (as `code:…` keys) of a name seen with two or more, else undefined. */
  conflictingCodes(name: string): string[] | undefined {
    if (this.codesOfName.size === 0) return undefined;
    const codes = this.codesOfName.get(normaliseName(name));
    return codes ? [...codes] : undefined;
  }

  keyOf(name: string, code?: string, key = parseRecipientIdentity(name, code)): string {
    if (key.startsWith("code:") || this.codeOfName.size === 0) return key;
    return this.codeOfName.get(key.slice(NAME_KEY.length)) ?? key;
  }
}
