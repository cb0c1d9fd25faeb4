using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Settlement.Tests.Support;

/// <summary>A member's year: one policy and the claims in booking order.</summary>
internal sealed record YearInput(SettlementPolicy Policy, ImmutableArray<Claim> Claims)
{
    public ChainEntry[] Entries() => [.. Claims.Select(c => new ChainEntry(c, Policy))];

    public override string ToString()
    {
        var text = new StringBuilder($"policy {Policy.Version}, {Claims.Length} claim(s):");
        foreach (var claim in Claims)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n  [{claim.Categories}] level {claim.Hospital.Level} {claim.Hospital.Region}{(claim.Hospital.Designated ? "" : " not-designated")}"
                + $"{(claim.Referred ? " referred" : "")}{(claim.InsuranceApplicable ? "" : " insurance-not-applicable")}: ");
            text.AppendJoin(", ", claim.Fees.Select(f =>
                $"{f.Class} {f.Amount}{(f.OverLimit.IsZero ? "" : " over " + f.OverLimit)}{(f.SelfPayRatio is { } r ? " ratio " + r : "")}"));
        }

        return text.ToString();
    }
}
