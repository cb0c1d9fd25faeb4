using System.Collections.Immutable;
using System.Text.Json;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Settlement.Tests;

/// <summary>The district's worked examples (tests/golden/golden-2020.json), read exactly from their decimal strings.</summary>
public static class GoldenCases
{
    private static readonly Lazy<GoldenFile> File = new(Load);

    public static IReadOnlyDictionary<string, HospitalProfile> Hospitals => File.Value.Hospitals;

    public static IReadOnlyList<GoldenCase> Cases => File.Value.Cases;

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases)
        {
            data.Add(c.Id);
        }

        return data;
    }

    private static GoldenFile Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "golden", "golden-2020.json");
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(path));
        var root = doc.RootElement;
        var hospitals = root.GetProperty("hospitals").EnumerateObject().ToDictionary(
            h => h.Name,
            h => new HospitalProfile(
                h.Value.GetProperty("level").GetInt32(),
                Enum.Parse<Region>(h.Value.GetProperty("region").GetString()!),
                h.Value.GetProperty("designated").GetBoolean()));
        var cases = root.GetProperty("cases").EnumerateArray().Select(c => new GoldenCase(
            c.GetProperty("case").GetString()!,
            c.GetProperty("title").GetString()!,
            [.. c.GetProperty("categories").EnumerateArray().Select(p => new CategoryPeriod(
                Enum.Parse<Category>(p.GetProperty("category").GetString()!),
                DateOnly.Parse(p.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                p.GetProperty("to").ValueKind == JsonValueKind.Null ? null : DateOnly.Parse(p.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))],
            [.. c.GetProperty("claims").EnumerateArray().Select(ReadClaim)])).ToList();
        return new GoldenFile(hospitals, cases);
    }

    private static GoldenClaim ReadClaim(JsonElement c)
    {
        var fees = c.GetProperty("fees").EnumerateArray().Select(f => new FeeLine(
            Enum.Parse<FeeClass>(f.GetProperty("class").GetString()!),
            Money.Parse(f.GetProperty("amount").GetString()!),
            f.TryGetProperty("overLimitAmount", out var over) ? Money.Parse(over.GetString()!) : Money.Zero,
            f.TryGetProperty("selfPayRatio", out var ratio) ? Rate.Parse(ratio.GetString()!) : null)).ToImmutableArray();
        var e = c.GetProperty("expected");
        var p = e.GetProperty("payments");
        Money M(JsonElement o, string name) => Money.Parse(o.GetProperty(name).GetString()!);
        return new GoldenClaim(
            c.GetProperty("visitNo").GetString()!,
            c.GetProperty("hospitalId").GetString()!,
            DateOnly.Parse(c.GetProperty("admittedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(c.GetProperty("dischargedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            c.GetProperty("referred").GetBoolean(),
            c.GetProperty("insuranceApplicable").GetBoolean(),
            fees,
            new CostSplit(M(e, "totalCost"), M(e, "inScopeAmount"), M(e, "preSelfPayAmount"), M(e, "outOfScopeAmount"), M(e, "overLimitAmount")),
            new FundPayments(M(p, "basicInsurance"), M(p, "seriousIllnessInsurance"), M(p, "supplementaryInsurance"),
                M(p, "medicalAssistance"), M(p, "specialReliefTopUp"), M(p, "specialReliefHighCost")),
            M(e, "patientPays"));
    }

    private sealed record GoldenFile(IReadOnlyDictionary<string, HospitalProfile> Hospitals, IReadOnlyList<GoldenCase> Cases);
}

public sealed record GoldenCase(string Id, string Title, ImmutableArray<CategoryPeriod> Categories, ImmutableArray<GoldenClaim> Claims)
{
    /// <summary>The case's claims as engine input, each with the categories valid on its discharge date and the default policy.</summary>
    public IEnumerable<(GoldenClaim Golden, ChainEntry Entry)> Entries() => Claims.Select(g => (g, new ChainEntry(
        new Claim(CategorySets.On(Categories, g.DischargedOn), GoldenCases.Hospitals[g.HospitalId], g.DischargedOn, g.Referred, g.InsuranceApplicable, g.Fees),
        PolicySet.Default.For(g.DischargedOn)!)));
}

public sealed record GoldenClaim(
    string VisitNo,
    string HospitalId,
    DateOnly AdmittedOn,
    DateOnly DischargedOn,
    bool Referred,
    bool InsuranceApplicable,
    ImmutableArray<FeeLine> Fees,
    CostSplit ExpectedSplit,
    FundPayments ExpectedPayments,
    Money ExpectedPatientPays);
