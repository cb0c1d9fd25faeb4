namespace Nankang.Health.Settlement;

/// <summary>Renders the one-line explanation of a settlement line from its figures.</summary>
internal static class Explanations
{
    public static string Render(LineFigures f)
    {
        var excluded = f.Note switch
        {
            LineNote.NotDesignated => "0.00: hospital not designated, no insurance line",
            LineNote.InsuranceNotApplicable => "0.00: insurance not applicable (bureau-recognised special case)",
            LineNote.NotPoor => "0.00: member not poor on the discharge date",
            LineNote.NoAssistanceCategory => "0.00: no category with medical assistance",
            LineNote.TopUpNotEligible => "0.00: top-up needs registered poor with an in-district stay or referral, or insurance not applicable",
            _ => null,
        };
        if (excluded is not null)
        {
            return excluded;
        }

        var capped = f.CapRoom is { } room && f.Uncapped > room ? $", capped at annual room {room}" : string.Empty;
        return f.Fund switch
        {
            Fund.BasicInsurance =>
                $"(in-scope {f.Base} − deductible {f.Deductible}{(f.Flag ? " (waived, level " + f.Level + ")" : " (level " + f.Level + ")")})⁺ × {f.Rate} = {f.Uncapped}{capped} → {f.Amount}",
            Fund.SeriousIllnessInsurance =>
                $"{(f.Flag ? "poor" : "general")} tiers on cumulative base {f.Prior} + {f.Base} = {f.Prior + f.Base}: slice {f.Uncapped}{capped} → {f.Amount}",
            Fund.SupplementaryInsurance =>
                $"in-scope left {f.Base} × {f.Rate} + outside scope {f.Second} × {f.SecondRate} = {f.Uncapped}{capped} → {f.Amount}",
            Fund.MedicalAssistance =>
                $"in-scope left {f.Base} × {f.Rate} ({f.Category}) = {f.Uncapped}{capped} → {f.Amount}",
            Fund.SpecialReliefTopUp =>
                $"(total {f.Base} × {f.Rate} − lines 1–4 {f.Second})⁺ = {f.Amount}",
            Fund.SpecialReliefHighCost =>
                $"self-pay {f.Base} on top of {f.Prior} this year: {f.Rate} of the part above {f.Deductible} → {f.Amount}",
            _ => f.Amount.ToString(),
        };
    }
}
