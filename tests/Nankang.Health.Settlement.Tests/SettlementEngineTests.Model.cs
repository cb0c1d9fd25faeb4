using System.Collections.Immutable;
using Nankang.Health.Settlement.Policies;
using Nankang.Health.Settlement.Tests.Support;

namespace Nankang.Health.Settlement.Tests;

public sealed partial class SettlementEngineTests
{
    /// <summary>
    /// The engine agrees with a second, deliberately naive reading of §4–§5: decimal yuan, <see cref="Math.Round(decimal, int, MidpointRounding)"/>
    /// away from zero at each step, the formulas transcribed line by line from docs/settlement-rules.md.
    /// </summary>
    [Fact]
    public void Settle_AnyYear_MatchesADecimalTranscriptionOfTheRules() =>
        Generators.Year().Check(year =>
        {
            var model = new RulesModel(year.Policy);
            var results = YearChain.Settle(year.Entries());
            for (var i = 0; i < results.Count; i++)
            {
                var (payments, patientPays) = model.Settle(year.Claims[i]);
                Assert.Equal(payments, Funds.All.Select(f => results[i].Payments[f].ToDecimal()));
                Assert.Equal(patientPays, results[i].PatientPays.ToDecimal());
            }
        });

    private sealed class RulesModel(SettlementPolicy policy)
    {
        private decimal _basicPaid, _seriousBase, _seriousPaid, _supplementaryPaid, _assistancePaid, _selfPay;

        private static decimal R(decimal x) => Math.Round(x, 2, MidpointRounding.AwayFromZero);

        private static decimal Plus(decimal x) => Math.Max(0m, x);

        private static decimal? D(Money? m) => m?.ToDecimal();

        private static bool HasAny(CategorySet set, CategorySet any) => (set & any) != 0;

        public (decimal[] Payments, decimal PatientPays) Settle(Claim claim)
        {
            // §4 the split
            decimal inScope = 0, total = 0;
            foreach (var fee in claim.Fees)
            {
                total += fee.Amount.ToDecimal();
                var lineBase = fee.Amount.ToDecimal() - fee.OverLimit.ToDecimal();
                inScope += fee.Class switch
                {
                    FeeClass.A => lineBase,
                    FeeClass.B => lineBase - R(lineBase * (fee.SelfPayRatio ?? policy.CostSplit.ClassBSelfPayRatio).ToDecimal()),
                    _ => 0m,
                };
            }

            var poor = HasAny(claim.Categories, CategorySet.RegisteredPoor | CategorySet.Dibao | CategorySet.Tekun);
            var registeredPoor = HasAny(claim.Categories, CategorySet.RegisteredPoor);
            var insured = claim.InsuranceApplicable && claim.Hospital.Designated;
            decimal basic = 0, serious = 0, suppIn = 0, suppOut = 0, assistance = 0;
            if (insured)
            {
                // 1. basic
                var b = policy.BasicInsurance;
                var level = claim.Hospital.Level;
                var deductible = registeredPoor && b.RegisteredPoorWaivedLevels.Contains(level) ? 0m : b.DeductibleByLevel[level - 1].ToDecimal();
                var rate = b.RateByLevel[level - 1].ToDecimal();
                if (claim.Hospital.Region == Region.OutOfProvince)
                {
                    rate -= b.OutOfProvinceCut.ToDecimal();
                }

                if (claim.Hospital.Region != Region.InDistrict && !claim.Referred)
                {
                    rate -= b.UnreferredOutOfDistrictCut.ToDecimal();
                }

                basic = R(Plus(inScope - deductible) * Plus(rate));
                if (D(b.AnnualCap) is { } basicCap)
                {
                    basic = Math.Min(basic, Plus(basicCap - _basicPaid));
                }

                // 2. serious illness
                var s = policy.SeriousIllnessInsurance;
                var tiers = poor ? s.PoorTiers : s.GeneralTiers;
                var seriousBase = inScope - basic;
                serious = F(_seriousBase + seriousBase, tiers) - F(_seriousBase, tiers);
                if (!(registeredPoor && s.RegisteredPoorUncapped) && D(s.AnnualCap) is { } seriousCap)
                {
                    serious = Math.Min(serious, Plus(seriousCap - _seriousPaid));
                }

                _seriousBase += seriousBase;

                // 3. supplementary, poor only; the cap binds suppIn first
                if (poor)
                {
                    var p = policy.SupplementaryInsurance;
                    suppIn = R((inScope - basic - serious) * p.InScopeRate.ToDecimal());
                    suppOut = R((total - inScope) * p.OutOfScopeRate.ToDecimal());
                    if (D(p.AnnualCap) is { } supplementaryCap)
                    {
                        var room = Plus(supplementaryCap - _supplementaryPaid);
                        suppIn = Math.Min(suppIn, room);
                        suppOut = Math.Min(suppOut, room - suppIn);
                    }
                }

                // 4. assistance at the member's most favourable terms: the highest rate, then no cap, then the largest cap
                var best = policy.MedicalAssistance.ByCategory
                    .Where(kv => HasAny(claim.Categories, (CategorySet)(1 << (int)kv.Key)))
                    .Select(kv => kv.Value)
                    .OrderByDescending(t => t.Rate.BasisPoints)
                    .ThenByDescending(t => t.AnnualCap?.ToDecimal() ?? decimal.MaxValue)
                    .Cast<AssistanceTerms?>()
                    .FirstOrDefault();
                if (best is { } terms)
                {
                    assistance = R((inScope - basic - serious - suppIn) * terms.Rate.ToDecimal());
                    if (D(terms.AnnualCap) is { } assistanceCap)
                    {
                        assistance = Math.Min(assistance, Plus(assistanceCap - _assistancePaid));
                    }
                }
            }

            _basicPaid += basic;
            _seriousPaid += serious;
            _supplementaryPaid += suppIn + suppOut;
            _assistancePaid += assistance;
            var lines = basic + serious + suppIn + suppOut + assistance;

            // 5. special relief, poor only
            decimal topUp = 0, highCost = 0;
            if (poor)
            {
                var relief = policy.SpecialRelief;
                var eligible = (registeredPoor && (claim.Hospital.Region == Region.InDistrict || claim.Referred)) || !claim.InsuranceApplicable;
                topUp = eligible ? Math.Max(0m, R(total * relief.GuaranteeRate.ToDecimal()) - lines) : 0m;
                var selfPay = total - lines - topUp;
                decimal G(decimal x) => R(Plus(x - relief.HighCostThreshold.ToDecimal()) * relief.HighCostRate.ToDecimal());
                highCost = G(_selfPay + selfPay) - G(_selfPay);
                _selfPay += selfPay;
            }

            decimal[] payments = [basic, serious, suppIn + suppOut, assistance, topUp, highCost];
            return (payments, total - payments.Sum());
        }

        private static decimal F(decimal x, ImmutableArray<Tier> tiers) =>
            R(tiers.Sum(t => t.Rate.ToDecimal() * Plus(Math.Min(x, D(t.To) ?? decimal.MaxValue) - t.From.ToDecimal())));
    }
}
