using System.Text.Json.Nodes;
using Nankang.Health.Settlement.Allowances;
using Nankang.Health.Settlement.Policies;
using Nankang.Health.Settlement.Tests.Support;
using static Nankang.Health.Settlement.Tests.Support.Build;

namespace Nankang.Health.Settlement.Tests.Policies;

public sealed class PolicyLoaderTests
{
    private static readonly SettlementPolicy Default = PolicyLoader.Parse(TestPolicies.DefaultJson, "nankang-2020");

    private static void AssertProblem(string field, Action<JsonObject> edit)
    {
        var problems = TestPolicies.Problems(edit);
        Assert.Contains(problems, p => p.StartsWith(field + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DefaultPolicy_HasTheVersionAndDates()
    {
        Assert.Equal("nankang-2020", Default.Version);
        Assert.Equal(new DateOnly(2020, 1, 1), Default.EffectiveFrom);
        Assert.Null(Default.EffectiveTo);
    }

    [Fact]
    public void Parse_DefaultPolicy_CostSplitAndBasicInsuranceDefaults()
    {
        Assert.Equal(Rate.Parse("0.10"), Default.CostSplit.ClassBSelfPayRatio);
        var basic = Default.BasicInsurance;
        Assert.Equal("390100", basic.FundCode);
        Assert.Equal([Yuan("100"), Yuan("400"), Yuan("600")], basic.DeductibleByLevel.ToArray());
        Assert.Equal([1, 2], basic.RegisteredPoorWaivedLevels.ToArray());
        Assert.Equal([Rate.Parse("0.90"), Rate.Parse("0.80"), Rate.Parse("0.65")], basic.RateByLevel.ToArray());
        Assert.Equal(1_000, basic.OutOfProvinceCut.BasisPoints);
        Assert.Equal(1_000, basic.UnreferredOutOfDistrictCut.BasisPoints);
        Assert.Equal(Yuan("150000"), basic.AnnualCap);
    }

    [Fact]
    public void Parse_DefaultPolicy_SeriousIllnessAndSupplementaryDefaults()
    {
        var serious = Default.SeriousIllnessInsurance;
        Assert.Equal("390200", serious.FundCode);
        Assert.Equal([new Tier(Yuan("5000"), null, Rate.Parse("0.65"))], serious.PoorTiers.ToArray());
        Assert.Equal([new Tier(Yuan("10000"), null, Rate.Parse("0.60"))], serious.GeneralTiers.ToArray());
        Assert.Equal(Yuan("300000"), serious.AnnualCap);
        Assert.True(serious.RegisteredPoorUncapped);

        var supplementary = Default.SupplementaryInsurance;
        Assert.Equal(new SupplementaryPolicy("390300", Rate.Parse("0.90"), Rate.Zero, null), supplementary);
    }

    [Fact]
    public void Parse_DefaultPolicy_AssistanceAndSpecialReliefDefaults()
    {
        var assistance = Default.MedicalAssistance;
        Assert.Equal("610100", assistance.FundCode);
        Assert.Equal(4, assistance.ByCategory.Count);
        Assert.Equal(new AssistanceTerms(Rate.Full, null), assistance.ByCategory[Category.Tekun]);
        Assert.Equal(new AssistanceTerms(Rate.Parse("0.70"), Yuan("30000")), assistance.ByCategory[Category.RegisteredPoor]);
        Assert.Equal(new AssistanceTerms(Rate.Parse("0.70"), Yuan("30000")), assistance.ByCategory[Category.Dibao]);
        Assert.Equal(new AssistanceTerms(Rate.Parse("0.50"), Yuan("30000")), assistance.ByCategory[Category.Marginal]);

        Assert.Equal(new SpecialReliefPolicy("640100", Rate.Parse("0.90"), Yuan("10000"), Rate.Parse("0.50")), Default.SpecialRelief);
    }

    [Fact]
    public void Parse_DefaultPolicy_AllowanceDefaults()
    {
        Assert.Equal(new CaregiverPolicy("local:caregiver", Yuan("250"), Yuan("3000")), Default.CaregiverAllowance);
        var rehab = Default.ChildRehabilitation;
        Assert.Equal("local:child-rehab", rehab.FundCode);
        Assert.Equal(9, rehab.AgeBelow);
        Assert.Equal(10, rehab.MaxPaidMonthsPerYear);
        Assert.Equal(Yuan("3000"), rehab.MonthlyCapByCondition[RehabCondition.CerebralPalsy]);
        Assert.Equal(Yuan("1800"), rehab.MonthlyCapByCondition[RehabCondition.Deafness]);
        Assert.Equal(Yuan("1800"), rehab.MonthlyCapByCondition[RehabCondition.Autism]);
        Assert.Equal(Yuan("1800"), rehab.MonthlyCapByCondition[RehabCondition.IntellectualDisability]);
    }

    [Fact]
    public void Parse_DefaultPolicy_FundCodes()
    {
        Assert.Equal(
            ["390100", "390200", "390300", "610100", "640100", "640100"],
            Funds.All.Select(Default.FundCode));
    }

    [Fact]
    public void Parse_RateAboveHundredPercent_NamesTheLevel()
    {
        var problems = TestPolicies.Problems(p => p.Section("basicInsurance")["rateByLevel"]!["2"] = 1.01m);
        var problem = Assert.Single(problems);
        Assert.StartsWith("basicInsurance.rateByLevel.2:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RateWithFiveDecimals_NamesTheField() =>
        AssertProblem("specialRelief.guaranteeRate", p => p.Section("specialRelief")["guaranteeRate"] = 0.90001m);

    [Fact]
    public void Parse_NegativeRate_NamesTheField() =>
        AssertProblem("costSplit.classBSelfPayRatio", p => p.Section("costSplit")["classBSelfPayRatio"] = -0.1m);

    [Fact]
    public void Parse_RateAsString_NamesTheField() =>
        AssertProblem("supplementaryInsurance.inScopeRate", p => p.Section("supplementaryInsurance")["inScopeRate"] = "0.9");

    [Fact]
    public void Parse_NegativeAmount_NamesTheLevel() =>
        AssertProblem("basicInsurance.deductibleByLevel.1", p => p.Section("basicInsurance")["deductibleByLevel"]!["1"] = -1m);

    [Fact]
    public void Parse_AmountWithThreeDecimals_NamesTheField() =>
        AssertProblem("specialRelief.highCostThreshold", p => p.Section("specialRelief")["highCostThreshold"] = 10000.001m);

    [Fact]
    public void Parse_AmountBeyondTheRangeOfFen_IsAProblemNotACrash() =>
        AssertProblem("basicInsurance.annualCap", p => p.Section("basicInsurance")["annualCap"] = JsonNode.Parse("92233720368547759"));

    [Fact]
    public void Parse_AssistanceRateAboveHundredPercent_NamesTheCategory() =>
        AssertProblem("medicalAssistance.byCategory.Tekun.rate", p => p.Section("medicalAssistance")["byCategory"]!["Tekun"]!["rate"] = 1.5m);

    [Fact]
    public void Parse_TierRateAboveHundredPercent_NamesTheTier() =>
        AssertProblem("seriousIllnessInsurance.generalTiers[0].rate", p => p.Section("seriousIllnessInsurance")["generalTiers"]![0]!["rate"] = 2m);

    [Theory]
    [InlineData("version")]
    [InlineData("effectiveFrom")]
    [InlineData("effectiveTo")]
    [InlineData("specialRelief")]
    public void Parse_MissingTopLevelField_NamesIt(string field) => AssertProblem(field, p => p.Remove(field));

    [Theory]
    [InlineData("basicInsurance", "annualCap")]
    [InlineData("basicInsurance", "fundCode")]
    [InlineData("basicInsurance", "registeredPoorWaivedLevels")]
    [InlineData("seriousIllnessInsurance", "registeredPoorUncapped")]
    [InlineData("supplementaryInsurance", "annualCap")]
    [InlineData("caregiverAllowance", "monthlyAmount")]
    [InlineData("childRehabilitation", "maxPaidMonthsPerYear")]
    public void Parse_MissingFieldInSection_NamesIt(string section, string field) =>
        AssertProblem($"{section}.{field}", p => p.Section(section).Remove(field));

    [Fact]
    public void Parse_MissingTierField_NamesTheTier() =>
        AssertProblem("seriousIllnessInsurance.poorTiers[0].to", p => p.Section("seriousIllnessInsurance")["poorTiers"]![0]!.AsObject().Remove("to"));

    [Fact]
    public void Parse_MissingLevel_NamesTheMap() =>
        AssertProblem("basicInsurance.rateByLevel", p => p.Section("basicInsurance")["rateByLevel"]!.AsObject().Remove("3"));

    [Fact]
    public void Parse_UnknownLevel_NamesIt() =>
        AssertProblem("basicInsurance.deductibleByLevel.4", p => p.Section("basicInsurance")["deductibleByLevel"]!["4"] = 800m);

    [Fact]
    public void Parse_WaivedLevelOutOfRange_NamesTheItem() =>
        AssertProblem("basicInsurance.registeredPoorWaivedLevels[1]", p => p.Section("basicInsurance")["registeredPoorWaivedLevels"] = new JsonArray(1, 4));

    [Fact]
    public void Parse_UnknownCategory_NamesIt() =>
        AssertProblem("medicalAssistance.byCategory.Poor", p => p.Section("medicalAssistance")["byCategory"]!["Poor"] = new JsonObject { ["rate"] = 0.5m, ["annualCap"] = null });

    [Fact]
    public void Parse_CategoryGivenAsNumber_NamesIt() =>
        AssertProblem("medicalAssistance.byCategory.1", p => p.Section("medicalAssistance")["byCategory"]!["1"] = new JsonObject { ["rate"] = 0.5m, ["annualCap"] = null });

    [Fact]
    public void Parse_UnknownTopLevelField_NamesIt() => AssertProblem("anualCap", p => p["anualCap"] = 1m);

    [Theory]
    [InlineData("basicInsurance")]
    [InlineData("seriousIllnessInsurance")]
    [InlineData("supplementaryInsurance")]
    [InlineData("specialRelief")]
    [InlineData("caregiverAllowance")]
    [InlineData("childRehabilitation")]
    [InlineData("antiPovertyInsurance")]
    [InlineData("costSplit")]
    public void Parse_UnknownFieldInSection_NamesIt(string section) =>
        AssertProblem($"{section}.anualCap", p => p.Section(section)["anualCap"] = 1m);

    [Fact]
    public void Parse_AntiPovertyDefaults_AreThoseOfSection7a()
    {
        var p = Build.Policy.AntiPovertyInsurance;
        Assert.Equal("local:anti-poverty-insurance", p.FundCode);
        Assert.Equal("households", p.Payee);
        Assert.Equal([Category.Marginal], p.CoveredCategories.ToArray());
        Assert.Equal(Money.FromYuan(10_000), p.WarningLine);
        Assert.Equal(Money.FromYuan(90_000), p.AnnualCap);
        Assert.Equal<Tier[]>(
            [new Tier(Money.FromYuan(10_000), Money.FromYuan(30_000), Rate.Parse("0.5")), new Tier(Money.FromYuan(30_000), Money.FromYuan(50_000), Rate.Parse("0.6")),
                new Tier(Money.FromYuan(50_000), null, Rate.Parse("0.7"))],
            p.Slices.ToArray());
    }

    [Fact]
    public void Parse_AntiPovertyCoveringAPoorCategory_NamesIt() =>
        AssertProblem("antiPovertyInsurance.coveredCategories", p => p.Section("antiPovertyInsurance")["coveredCategories"] = new JsonArray("Marginal", "Dibao"));

    [Fact]
    public void Parse_AntiPovertyUnknownCategory_NamesIt() =>
        AssertProblem("antiPovertyInsurance.coveredCategories[0]", p => p.Section("antiPovertyInsurance")["coveredCategories"] = new JsonArray("Marginl"));

    [Fact]
    public void Parse_AntiPovertyFirstSliceNotAtTheLine_NamesIt() =>
        AssertProblem("antiPovertyInsurance.slices[0].from", p => p.Section("antiPovertyInsurance")["warningLine"] = 12000m);

    [Fact]
    public void Parse_AntiPovertyGapBetweenSlices_NamesTheLaterSlice() =>
        AssertProblem("antiPovertyInsurance.slices[1].from", p => p.Section("antiPovertyInsurance")["slices"] = Tiers((10000m, 30000m, 0.5m), (31000m, null, 0.6m)));

    [Fact]
    public void Parse_AntiPovertyLastSliceClosed_NamesIt() =>
        AssertProblem("antiPovertyInsurance.slices[1].to", p => p.Section("antiPovertyInsurance")["slices"] = Tiers((10000m, 30000m, 0.5m), (30000m, 50000m, 0.6m)));

    [Fact]
    public void Parse_AntiPovertyMissing_NamesIt() =>
        AssertProblem("antiPovertyInsurance", p => p.Remove("antiPovertyInsurance"));

    [Fact]
    public void Parse_UnknownFieldInTier_NamesIt() =>
        AssertProblem("seriousIllnessInsurance.poorTiers[0].upTo", p => p.Section("seriousIllnessInsurance")["poorTiers"]![0]!["upTo"] = 1m);

    [Fact]
    public void Parse_UnknownFieldInAssistanceTerms_NamesIt() =>
        AssertProblem("medicalAssistance.byCategory.Dibao.cap", p => p.Section("medicalAssistance")["byCategory"]!["Dibao"]!["cap"] = 1m);

    [Fact]
    public void Parse_OverlappingTiers_NamesTheLaterTier() =>
        AssertProblem("seriousIllnessInsurance.poorTiers[1].from", p => p.Section("seriousIllnessInsurance")["poorTiers"] = Tiers((5000m, 20000m, 0.65m), (15000m, null, 0.7m)));

    [Fact]
    public void Parse_OpenEndedTierBeforeAnother_IsAnOverlap() =>
        AssertProblem("seriousIllnessInsurance.generalTiers[1].from", p => p.Section("seriousIllnessInsurance")["generalTiers"] = Tiers((10000m, null, 0.6m), (20000m, null, 0.7m)));

    [Fact]
    public void Parse_TiersOutOfOrder_IsAnOverlap() =>
        AssertProblem("seriousIllnessInsurance.poorTiers[1].from", p => p.Section("seriousIllnessInsurance")["poorTiers"] = Tiers((20000m, 30000m, 0.7m), (5000m, 10000m, 0.65m)));

    [Theory]
    [InlineData(5000)]
    [InlineData(4000)]
    public void Parse_TierEndingAtOrBelowItsStart_NamesItsTop(int to) =>
        AssertProblem("seriousIllnessInsurance.poorTiers[0].to", p => p.Section("seriousIllnessInsurance")["poorTiers"] = Tiers((5000m, to, 0.65m)));

    [Fact]
    public void Parse_AdjacentAndGappedTiers_Load()
    {
        var policy = TestPolicies.Modified(p => p.Section("seriousIllnessInsurance")["poorTiers"] =
            Tiers((5000m, 10000m, 0.5m), (10000m, 20000m, 0.6m), (30000m, null, 0.7m)));
        Assert.Equal(3, policy.SeriousIllnessInsurance.PoorTiers.Length);
        Assert.Equal(new Tier(Yuan("10000"), Yuan("20000"), Rate.Parse("0.6")), policy.SeriousIllnessInsurance.PoorTiers[1]);
    }

    [Fact]
    public void Parse_EffectiveToBeforeEffectiveFrom_NamesEffectiveTo() =>
        AssertProblem("effectiveTo", p => p["effectiveTo"] = "2019-12-31");

    [Fact]
    public void Parse_EffectiveToOnEffectiveFrom_LoadsAOneDayPolicy()
    {
        var policy = TestPolicies.Modified(p => p["effectiveTo"] = "2020-01-01");
        Assert.True(policy.Covers(new DateOnly(2020, 1, 1)));
        Assert.False(policy.Covers(new DateOnly(2020, 1, 2)));
    }

    [Theory]
    [InlineData("2020-1-1")]
    [InlineData("2020-02-30")]
    [InlineData("01/01/2020")]
    public void Parse_MalformedDate_NamesTheField(string date) => AssertProblem("effectiveFrom", p => p["effectiveFrom"] = date);

    [Fact]
    public void Parse_AgeLimitOutOfRange_NamesTheField() =>
        AssertProblem("childRehabilitation.ageBelow", p => p.Section("childRehabilitation")["ageBelow"] = 19);

    [Fact]
    public void Parse_EmptyVersion_NamesTheField() => AssertProblem("version", p => p["version"] = " ");

    [Fact]
    public void Parse_SectionNotAnObject_NamesTheSection() => AssertProblem("costSplit", p => p["costSplit"] = 0.1m);

    [Fact]
    public void Parse_SeveralProblems_ReportsEachAndTheSource()
    {
        var json = TestPolicies.Edited(p =>
        {
            p.Remove("version");
            p.Section("basicInsurance")["rateByLevel"]!["2"] = 1.01m;
        });
        var error = Assert.Throws<PolicyException>(() => PolicyLoader.Parse(json, "nankang-bad"));
        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("nankang-bad", error.Message, StringComparison.Ordinal);
        Assert.Contains("basicInsurance.rateByLevel.2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Parse_NotAPolicyObject_IsRejected(string json) => Assert.Throws<PolicyException>(() => PolicyLoader.Parse(json));

    [Fact]
    public void Parse_CommentsInTheFile_AreSkipped()
    {
        var policy = PolicyLoader.Parse("// nankang\n" + TestPolicies.DefaultJson);
        Assert.Equal("nankang-2020", policy.Version);
    }

    private static JsonArray Tiers(params (decimal From, decimal? To, decimal Rate)[] tiers) =>
        [.. tiers.Select(t => new JsonObject { ["from"] = t.From, ["to"] = t.To, ["rate"] = t.Rate })];
}
