using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nankang.Health.Api.Tests;

/// <summary>The golden cases (tests/golden) as HTTP bodies: amounts turned from decimal strings into exact JSON numbers.</summary>
public static class GoldenFile
{
    private static readonly Lazy<JsonObject> Root = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "golden", "golden-2020.json")))!.AsObject());

    public static IEnumerable<(string Id, (string Name, int Level, string Region, bool Designated) Hospital)> Hospitals =>
        Root.Value["hospitals"]!.AsObject().Select(h => (h.Key, (
            h.Value!["name"]!.GetValue<string>(), h.Value["level"]!.GetValue<int>(), h.Value["region"]!.GetValue<string>(), h.Value["designated"]!.GetValue<bool>())));

    public static IReadOnlyList<JsonObject> Cases => [.. Root.Value["cases"]!.AsArray().Select(c => c!.AsObject())];

    public static TheoryData<Provider, string> ProviderCases()
    {
        var data = new TheoryData<Provider, string>();
        foreach (var provider in ApiFactory.ProviderList())
        {
            foreach (var c in Cases)
            {
                data.Add(provider, c["case"]!.GetValue<string>());
            }
        }

        return data;
    }

    public static JsonObject Case(string id) => Cases.Single(c => c["case"]!.GetValue<string>() == id);

    /// <summary>The member body of a case: a valid national ID made unique by <paramref name="sequence"/>.</summary>
    public static JsonObject Member(JsonObject goldenCase, int sequence) => new()
    {
        ["nationalId"] = TestIds.NationalId(sequence),
        ["name"] = $"测试{goldenCase["case"]}",
        ["birthDate"] = "1960-01-01",
        ["sex"] = "F",
        ["township"] = "蓉江街道",
        ["village"] = "新民村",
        ["categories"] = goldenCase["categories"]!.DeepClone(),
    };

    /// <summary>
    /// The settlement body of a golden claim for <paramref name="memberId"/>, visit numbers made unique by
    /// <paramref name="suffix"/>, with the member's national ID as a hospital reads it from the ID card (no admission precedes it).
    /// </summary>
    public static JsonObject ClaimBody(JsonObject claim, string memberId, string nationalId, string suffix)
    {
        var body = new JsonObject
        {
            ["hospitalId"] = claim["hospitalId"]!.DeepClone(),
            ["visitNo"] = $"{claim["visitNo"]}-{suffix}",
            ["memberId"] = memberId,
            ["nationalId"] = nationalId,
            ["admittedOn"] = claim["admittedOn"]!.DeepClone(),
            ["dischargedOn"] = claim["dischargedOn"]!.DeepClone(),
            ["referred"] = claim["referred"]!.DeepClone(),
            ["insuranceApplicable"] = claim["insuranceApplicable"]!.DeepClone(),
            ["notApplicableReason"] = claim["insuranceApplicable"]!.GetValue<bool>() ? null : "bureau-recognised special case",
            ["diagnoses"] = claim["diagnoses"]!.DeepClone(),
        };
        var fees = new JsonArray();
        foreach (var fee in claim["fees"]!.AsArray())
        {
            var f = new JsonObject { ["itemCode"] = fee!["itemCode"]!.DeepClone(), ["class"] = fee["class"]!.DeepClone(), ["amount"] = Number(fee["amount"]!) };
            if (fee["selfPayRatio"] is { } ratio)
            {
                f["selfPayRatio"] = Number(ratio);
            }

            if (fee["overLimitAmount"] is { } over)
            {
                f["overLimitAmount"] = Number(over);
            }

            fees.Add(f);
        }

        body["fees"] = fees;
        return body;
    }

    /// <summary>An exact JSON number from a decimal string ("15000.00" → 15000.00).</summary>
    public static JsonNode Number(JsonNode text) => JsonValue.Create(decimal.Parse(text.GetValue<string>(), CultureInfo.InvariantCulture));

    /// <summary>A JSON number as its exact decimal value (so 14160 and 14160.00 compare equal, 0.1 and 0.10 too).</summary>
    public static decimal Decimal(JsonNode? node) => node!.GetValueKind() == JsonValueKind.String
        ? decimal.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture)
        : node.GetValue<decimal>();
}

public static class TestIds
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> NationalIds = new(StringComparer.Ordinal);
    private static int _next;

    /// <summary>A national ID with a valid GB 11643 check character, distinct for each sequence number; <paramref name="birth"/> as yyyyMMdd.</summary>
    public static string NationalId(int sequence, string birth = "19600101")
    {
        var first17 = $"3607{sequence / 1000 % 100:00}{birth}{sequence % 1000:000}";
        var sum = first17.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return first17 + "10X98765432"[sum % 11];
    }

    public static int NextSequence() => Interlocked.Increment(ref _next);

    /// <summary>Notes the national ID a test registered a member with, so claim and admission bodies can carry it (ID card).</summary>
    public static string Remember(string memberId, string nationalId) => NationalIds[memberId] = nationalId;

    /// <summary>The national ID the member was registered with by <see cref="Remember"/>; null when unknown.</summary>
    public static string? NationalIdOf(string memberId) => NationalIds.GetValueOrDefault(memberId);

    public static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 12, 60)];
}
