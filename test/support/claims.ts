/** Builders for engine tests: ledger rows as the ledger reader would hand them over. */
import type { AmountUnit, CellValue, FieldId, PerformanceItemId, RawClaim } from "../../src/engine/types";
import { patentCheckChar } from "../../src/engine/patentNumber";
import { creditCodeCheckChar } from "../../src/engine/creditCode";

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

let nextRow = 3;

/** A raw ledger row; columns get letters in field order, so reasons can name them. */
export function row(
  item: PerformanceItemId,
  values: Partial<Record<FieldId, CellValue>>,
  opts: { sheet?: string; row?: number; units?: RawClaim["units"] } = {},
): RawClaim {
  const columns: RawClaim["columns"] = {};
  Object.keys(values).forEach((f, i) => (columns[f as FieldId] = { column: LETTERS[i], header: f }));
  return { sheet: opts.sheet ?? item, row: opts.row ?? nextRow++, item, values, columns, units: opts.units ?? {} };
}

/** A valid application number of the given type, from a serial: type digit at position 5 (§1). */
export function patentNo(type: "invention" | "utility" | "design", serial: number, year = 2023): string {
  const digit = { invention: "1", utility: "2", design: "3" }[type];
  const body = `${year}${digit}${String(serial).padStart(7, "0")}`;
  return `ZL${body}.${patentCheckChar(body)}`;
}

/** A valid unified social credit code from a serial (GB 32100-2015). */
export function creditCode(serial: number): string {
  const first17 = `91500112MA${String(serial).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17);
}

export const unit = (u: AmountUnit): RawClaim["units"] => ({ pledgeAmount: u, contractAmount: u });

/** P1: in-district university → in-district SME. */
export function p1(values: Partial<Record<FieldId, CellValue>>, opts?: Parameters<typeof row>[2]): RawClaim {
  return row(
    "P1",
    {
      claimantName: "重庆某某大学",
      claimantKind: "高校",
      claimantDistrict: "渝北区",
      counterpartyName: "重庆小微科技有限公司",
      counterpartyKind: "小型",
      counterpartyDistrict: "渝北区",
      mode: "转让",
      recordDate: "2024-03-05",
      ...values,
    },
    opts,
  );
}

/** P2: in-district SME ← in-city university. */
export function p2(values: Partial<Record<FieldId, CellValue>>, opts?: Parameters<typeof row>[2]): RawClaim {
  return row(
    "P2",
    {
      claimantName: "重庆小微科技有限公司",
      claimantKind: "小型",
      claimantDistrict: "渝北区",
      counterpartyName: "重庆某某研究院",
      counterpartyKind: "科研院所",
      counterpartyDistrict: "沙坪坝区",
      mode: "转让",
      recordDate: "2024-05-10",
      ...values,
    },
    opts,
  );
}

export function p3(values: Partial<Record<FieldId, CellValue>>, opts?: Parameters<typeof row>[2]): RawClaim {
  return row(
    "P3",
    { claimantName: "重庆产品备案有限公司", claimantKind: "微型", recordDate: "2024-04-01", ...values },
    opts,
  );
}

export function p4(values: Partial<Record<FieldId, CellValue>>, opts?: Parameters<typeof row>[2]): RawClaim {
  return row(
    "P4",
    { claimantName: "重庆质押融资有限公司", claimantKind: "中型", recordDate: "2024-06-01", ...values },
    opts,
  );
}
