using Nankang.Health.Settlement.Policies;
using Nankang.Health.Settlement.Tests.Support;

namespace Nankang.Health.Settlement.Tests;

/// <summary>
/// Properties of §1 and §5 over random member-years (Support/Generators.cs): every category set including none, every
/// hospital profile, referral and applicability, 1–12 fee lines of any class with heavy-tailed amounts, over-limits and
/// B ratios, under the shipped policy and a variant with more tiers and caps.
/// </summary>
public sealed partial class SettlementEngineTests
{
    private static Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Money.Zero, (a, b) => a + b);

    private static bool TopUpEligible(Claim claim) =>
        claim.Categories.IsPoor()
        && ((claim.Categories.IsRegisteredPoor() && (claim.Hospital.Region == Region.InDistrict || claim.Referred)) || !claim.InsuranceApplicable);

    [Fact]
    public void Settle_AnyClaim_ConservesEveryFenAndPaysNothingNegative() =>
        Generators.Year().Check(year =>
        {
            var acc = Accumulators.Empty;
            foreach (var claim in year.Claims)
            {
                var result = SettlementEngine.Settle(claim, year.Policy, acc);
                var split = result.Split;

                // §4: the split accounts for every fee line exactly
                Assert.Equal(Sum(claim.Fees.Select(f => f.Amount)), split.TotalCost);
                Assert.Equal(Sum(claim.Fees.Where(f => f.Class == FeeClass.C).Select(f => f.Amount)), split.OutOfScope);
                Assert.Equal(Sum(claim.Fees.Select(f => f.OverLimit)), split.OverLimit);
                Assert.Equal(split.TotalCost, split.InScope + split.PreSelfPay + split.OutOfScope + split.OverLimit);

                // §1: conservation to the fen, nothing negative
                Assert.Equal(split.TotalCost, result.Payments.Total + result.PatientPays);
                Assert.All([split.InScope, split.PreSelfPay, split.OutOfScope, split.OverLimit, result.PatientPays], m => Assert.False(m.IsNegative));
                Assert.All(Funds.All, fund => Assert.False(result.Payments[fund].IsNegative, $"{fund} is negative"));
                Assert.InRange(result.ReimbursementRatioBasisPoints, 0, Rate.BasisPointsPerUnit);

                // the accumulators grow by exactly what the claim paid or counted
                var after = result.After;
                Assert.Equal(acc.ClaimCount + 1, after.ClaimCount);
                Assert.Equal(acc.BasicPaid + result.Payments.BasicInsurance, after.BasicPaid);
                Assert.Equal(acc.SeriousIllnessPaid + result.Payments.SeriousIllnessInsurance, after.SeriousIllnessPaid);
                Assert.Equal(acc.SupplementaryPaid + result.Payments.SupplementaryInsurance, after.SupplementaryPaid);
                Assert.Equal(acc.AssistancePaid + result.Payments.MedicalAssistance, after.AssistancePaid);
                Assert.Equal(acc.HighCostReliefPaid + result.Payments.SpecialReliefHighCost, after.HighCostReliefPaid);
                Assert.True(after.SeriousIllnessBase >= acc.SeriousIllnessBase && after.SelfPayAfterTopUp >= acc.SelfPayAfterTopUp);

                // lines 1–4 pay nothing off insurance; lines 3 and 5 nothing for the non-poor
                if (!claim.InsuranceApplicable || !claim.Hospital.Designated)
                {
                    Assert.Equal(Money.Zero, result.Payments.BasicInsurance + result.Payments.SeriousIllnessInsurance
                        + result.Payments.SupplementaryInsurance + result.Payments.MedicalAssistance);
                    Assert.Equal(acc.SeriousIllnessBase, after.SeriousIllnessBase);
                }

                if (!claim.Categories.IsPoor())
                {
                    Assert.Equal(Money.Zero, result.Payments.SupplementaryInsurance + result.Payments.SpecialReliefTopUp + result.Payments.SpecialReliefHighCost);
                    Assert.Equal(acc.SelfPayAfterTopUp, after.SelfPayAfterTopUp);
                }

                acc = after;
            }
        });

    [Fact]
    public void Settle_TopUpEligible_FundsPayAtLeastNinetyPercentOfTheTotal()
    {
        var eligiblePositive = 0;
        Generators.Year().Check(year =>
        {
            var results = YearChain.Settle(year.Entries());
            for (var i = 0; i < results.Count; i++)
            {
                var (claim, result) = (year.Claims[i], results[i]);
                if (TopUpEligible(claim))
                {
                    var guarantee = result.Split.TotalCost.Percent(year.Policy.SpecialRelief.GuaranteeRate);
                    Assert.True(result.Payments.Total >= guarantee, $"claim {i}: funds pay {result.Payments.Total} < 90% = {guarantee}");
                    if (result.Payments.SpecialReliefTopUp > Money.Zero)
                    {
                        Interlocked.Increment(ref eligiblePositive);
                    }
                }
                else
                {
                    Assert.Equal(Money.Zero, result.Payments.SpecialReliefTopUp);
                }
            }
        });
        Assert.True(eligiblePositive > 0, "the generator never produced a positive top-up");
    }

    [Fact]
    public void Settle_AnyYear_NeverExceedsAnAnnualCap()
    {
        int basicReached = 0, seriousReached = 0, assistanceReached = 0, supplementaryReached = 0;
        Generators.Year().Check(year =>
        {
            var policy = year.Policy;
            var results = YearChain.Settle(year.Entries());
            var payments = results.Select(r => r.Payments).ToArray();

            // basic: 150,000 over the year, whoever the member is
            var basicCap = policy.BasicInsurance.AnnualCap!.Value;
            var basic = Sum(payments.Select(p => p.BasicInsurance));
            Assert.True(basic <= basicCap, $"basic {basic} > {basicCap}");

            // serious illness: 300,000 unless registered poor; a capped claim never takes the year above the cap
            var seriousCap = policy.SeriousIllnessInsurance.AnnualCap!.Value;
            for (var i = 0; i < results.Count; i++)
            {
                if (!year.Claims[i].Categories.IsRegisteredPoor() && payments[i].SeriousIllnessInsurance > Money.Zero)
                {
                    Assert.True(results[i].After.SeriousIllnessPaid <= seriousCap, $"claim {i} takes serious illness to {results[i].After.SeriousIllnessPaid}");
                }
            }

            var serious = Sum(payments.Select(p => p.SeriousIllnessInsurance));
            if (year.Claims.All(c => !c.Categories.IsRegisteredPoor()))
            {
                Assert.True(serious <= seriousCap, $"serious illness {serious} > {seriousCap}");
            }

            // assistance: 30,000 unless Tekun (the variant policy also leaves Marginal uncapped)
            AssistanceTerms? Terms(Claim claim) => policy.MedicalAssistance.MostFavourable(claim.Categories)?.Terms;
            for (var i = 0; i < results.Count; i++)
            {
                if (Terms(year.Claims[i])?.AnnualCap is { } cap && payments[i].MedicalAssistance > Money.Zero)
                {
                    Assert.True(results[i].After.AssistancePaid <= cap, $"claim {i} takes assistance to {results[i].After.AssistancePaid}");
                }
            }

            var assistance = Sum(payments.Select(p => p.MedicalAssistance));
            var assistanceCap = Money.FromYuan(30_000);
            if (year.Claims.All(c => Terms(c) is null || Terms(c)!.Value.AnnualCap == assistanceCap))
            {
                Assert.True(assistance <= assistanceCap, $"assistance {assistance} > {assistanceCap}");
            }

            // supplementary: the variant's cap
            var supplementary = Sum(payments.Select(p => p.SupplementaryInsurance));
            if (policy.SupplementaryInsurance.AnnualCap is { } supplementaryCap)
            {
                Assert.True(supplementary <= supplementaryCap, $"supplementary {supplementary} > {supplementaryCap}");
                CountIf(supplementary == supplementaryCap, ref supplementaryReached);
            }

            CountIf(basic == basicCap, ref basicReached);
            CountIf(results[^1].After.SeriousIllnessPaid == seriousCap && year.Claims.All(c => !c.Categories.IsRegisteredPoor()), ref seriousReached);
            CountIf(assistance == assistanceCap, ref assistanceReached);
        });

        // the caps must actually bind in some of the generated years, or the property proves nothing
        Assert.True(basicReached > 0, "basic cap never reached");
        Assert.True(seriousReached > 0, "serious-illness cap never reached");
        Assert.True(assistanceReached > 0, "assistance cap never reached");
        Assert.True(supplementaryReached > 0, "supplementary cap never reached");
    }

    [Fact]
    public void Settle_ClaimByClaim_EqualsYearChainSettle() =>
        Generators.Year().Check(year =>
        {
            var entries = year.Entries();
            var chain = YearChain.Settle(entries);
            var acc = Accumulators.Empty;
            for (var i = 0; i < entries.Length; i++)
            {
                var single = SettlementEngine.Settle(year.Claims[i], year.Policy, acc);
                Assert.Equal(chain[i], single);
                // a claim's settlement depends only on the accumulators of the claims booked before it
                Assert.Equal(acc, YearChain.Accumulate(entries[..i]));
                acc = single.After;
            }

            Assert.Equal(acc, YearChain.Accumulate(entries));
        });

    private static void CountIf(bool condition, ref int counter)
    {
        if (condition)
        {
            Interlocked.Increment(ref counter);
        }
    }
}
