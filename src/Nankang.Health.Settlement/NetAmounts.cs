namespace Nankang.Health.Settlement;

/// <summary>
/// The money of a booking: what each fund pays and what the patient pays. A settlement's result, a stored settlement,
/// a ledger entry (settlement, reversal, adjustment) and a claim's net as settled plus every adjustment since all carry
/// their amounts as this one type.
/// </summary>
public readonly record struct NetAmounts(FundPayments Payments, Money PatientPays)
{
    public static NetAmounts Of(in SettlementResult settlement) => new(settlement.Payments, settlement.PatientPays);

    // Fund by fund and the patient's part: a + b.
    public static NetAmounts operator +(NetAmounts a, NetAmounts b) => new(a.Payments + b.Payments, a.PatientPays + b.PatientPays);

    // Fund by fund and the patient's part: a − b.
    public static NetAmounts operator -(NetAmounts a, NetAmounts b) => new(a.Payments - b.Payments, a.PatientPays - b.PatientPays);

    // Fund by fund and the patient's part: −a.
    public static NetAmounts operator -(NetAmounts a) => new(-a.Payments, -a.PatientPays);

    public bool IsZero => Payments == FundPayments.Zero && PatientPays.IsZero;
}
