// What a hospital's billing system does with the generated client, as the contract names it: admit, settle a discharge
// with an Idempotency-Key, read the payment lines and the patient's share, print the slip, void. It is type-checked, not
// run (the C# client's tests run the same calls against the service): a renamed field or a lost type fails the check.
import { AnonymousAuthenticationProvider } from "@microsoft/kiota-abstractions";
import { FetchRequestAdapter } from "@microsoft/kiota-http-fetchlibrary";
import { FeeClassObject, type ClaimBody, type SettlementView } from "./generated/models/index.js";
import { createNankangClient } from "./generated/nankangClient.js";

const adapter = new FetchRequestAdapter(new AnonymousAuthenticationProvider());
adapter.baseUrl = "https://nankang.example";
const client = createNankangClient(adapter);

export async function discharge(memberId: string, visitNo: string, key: string): Promise<{ fundTotal: number; patientPays: number }> {
  const claim: ClaimBody = {
    hospitalId: "H-NK-L2",
    memberId,
    visitNo,
    referred: false,
    fees: [{ classEscaped: FeeClassObject.A, amount: 8000.5, itemCode: "250101", itemName: "住院床位费" }],
  };
  const preview = await client.api.v1.settlements.preview.post(claim);
  const settled: SettlementView | undefined = await client.api.v1.settlements.post(claim, { headers: { "Idempotency-Key": key } });
  if (!settled?.settlementId || !settled.payments) {
    throw new Error(`not settled: ${preview?.status}`);
  }

  const p = settled.payments;
  const fundTotal = (p.basicInsurance ?? 0) + (p.seriousIllnessInsurance ?? 0) + (p.supplementaryInsurance ?? 0)
    + (p.medicalAssistance ?? 0) + (p.specialReliefTopUp ?? 0) + (p.specialReliefHighCost ?? 0);
  const explained: string[] = (settled.lines ?? []).map(l => `${l.fund}: ${l.amount} — ${l.explanation}`);
  console.log(explained.join("\n"));
  const read = await client.api.v1.settlements.bySettlementId(settled.settlementId).get();
  console.log(read?.accumulators?.year, read?.net?.patientPays);
  return { fundTotal, patientPays: settled.patientPays ?? 0 };
}

export async function voidSettlement(settlementId: string, reason: string): Promise<string | undefined> {
  const voided = await client.api.v1.settlements.bySettlementId(settlementId).voidEscaped.post({ reason });
  console.log((voided?.adjustments ?? []).length);
  return voided?.voided?.status ?? undefined;
}
