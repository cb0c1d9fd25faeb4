using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Nankang.Health.Settlement.Allowances;

namespace Nankang.Health.Settlement.Policies;

/// <summary>
/// Reads a policy JSON document strictly: every field present, no unknown field, amounts and rates parsed exactly
/// from their text, and the whole policy checked for consistency. Problems name the field (<c>basicInsurance.rateByLevel.2</c>).
/// </summary>
public static class PolicyLoader
{
    private static readonly string[] BasicFields =
        ["fundCode", "deductibleByLevel", "registeredPoorWaivedLevels", "rateByLevel", "outOfProvinceCut", "unreferredOutOfDistrictCut", "annualCap"];

    public static SettlementPolicy Parse(string json, string source = "(text)")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new PolicyException(source, [$"not valid JSON: {e.Message}"]);
        }

        using (document)
        {
            var reader = new Reader();
            var policy = Read(reader, document.RootElement);
            if (reader.Problems.Count > 0 || policy is null)
            {
                throw new PolicyException(source, reader.Problems);
            }

            return policy;
        }
    }

    private static SettlementPolicy? Read(Reader r, JsonElement root)
    {
        var o = r.Object(root, "");
        if (o is null)
        {
            return null;
        }

        var version = r.String(o.Value, "version");
        var from = r.Date(o.Value, "effectiveFrom");
        var to = r.OptionalDate(o.Value, "effectiveTo");
        if (from is { } f && to is { } t && t < f)
        {
            r.Problem("effectiveTo", $"ends on {t:yyyy-MM-dd}, before effectiveFrom {f:yyyy-MM-dd}");
        }

        var costSplit = r.Section(o.Value, "costSplit", ["classBSelfPayRatio"], s => new CostSplitPolicy(r.Rate(s, "classBSelfPayRatio")));
        var basic = r.Section(o.Value, "basicInsurance", BasicFields, s => ReadBasic(r, s));
        var serious = r.Section(o.Value, "seriousIllnessInsurance", ["fundCode", "poorTiers", "generalTiers", "annualCap", "registeredPoorUncapped"], s => new SeriousIllnessPolicy(
            r.String(s, "fundCode"),
            ReadTiers(r, s, "poorTiers"),
            ReadTiers(r, s, "generalTiers"),
            r.OptionalMoney(s, "annualCap"),
            r.Bool(s, "registeredPoorUncapped")));
        var supplementary = r.Section(o.Value, "supplementaryInsurance", ["fundCode", "inScopeRate", "outOfScopeRate", "annualCap"], s => new SupplementaryPolicy(
            r.String(s, "fundCode"), r.Rate(s, "inScopeRate"), r.Rate(s, "outOfScopeRate"), r.OptionalMoney(s, "annualCap")));
        var assistance = r.Section(o.Value, "medicalAssistance", ["fundCode", "byCategory"], s => new AssistancePolicy(
            r.String(s, "fundCode"),
            r.Map<Category, AssistanceTerms>(s, "byCategory", (e) => r.Section(e, null, ["rate", "annualCap"], t => new AssistanceTerms(r.Rate(t, "rate"), r.OptionalMoney(t, "annualCap"))))));
        var relief = r.Section(o.Value, "specialRelief", ["fundCode", "guaranteeRate", "highCostThreshold", "highCostRate"], s => new SpecialReliefPolicy(
            r.String(s, "fundCode"), r.Rate(s, "guaranteeRate"), r.Money(s, "highCostThreshold"), r.Rate(s, "highCostRate")));
        var caregiver = r.Section(o.Value, "caregiverAllowance", ["fundCode", "monthlyAmount", "annualCap"], s => new CaregiverPolicy(
            r.String(s, "fundCode"), r.Money(s, "monthlyAmount"), r.Money(s, "annualCap")));
        var rehab = r.Section(o.Value, "childRehabilitation", ["fundCode", "ageBelow", "maxPaidMonthsPerYear", "monthlyCapByCondition"], s => new ChildRehabilitationPolicy(
            r.String(s, "fundCode"),
            r.Int(s, "ageBelow", 0, 18),
            r.Int(s, "maxPaidMonthsPerYear", 0, 12),
            r.Map<RehabCondition, Money>(s, "monthlyCapByCondition", e => r.MoneyValue(e))));
        var antiPoverty = r.Section(o.Value, "antiPovertyInsurance", ["fundCode", "payee", "coveredCategories", "warningLine", "slices", "annualCap"], s => ReadAntiPoverty(r, s));
        r.NoOtherFields(o.Value, "version", "effectiveFrom", "effectiveTo", "costSplit", "basicInsurance", "seriousIllnessInsurance",
            "supplementaryInsurance", "medicalAssistance", "specialRelief", "caregiverAllowance", "childRehabilitation", "antiPovertyInsurance");

        if (r.Problems.Count > 0)
        {
            return null;
        }

        return new SettlementPolicy(version, from!.Value, to, costSplit!, basic!, serious!, supplementary!, assistance!, relief!, caregiver!, rehab!, antiPoverty!);
    }

    private static BasicInsurancePolicy ReadBasic(Reader r, JsonElement s)
    {
        var waived = r.Array(s, "registeredPoorWaivedLevels", e => r.Level(e)).ToImmutableArray();
        return new BasicInsurancePolicy(
            r.String(s, "fundCode"),
            r.ByLevel(s, "deductibleByLevel", e => r.MoneyValue(e)),
            waived,
            r.ByLevel(s, "rateByLevel", e => r.RateValue(e)),
            r.Rate(s, "outOfProvinceCut"),
            r.Rate(s, "unreferredOutOfDistrictCut"),
            r.OptionalMoney(s, "annualCap"));
    }

    /// <summary>§7a: the covered categories must not be poor ones; the slices start at the warning line, follow each other
    /// without gap or overlap and the last has no top, so every yuan of self-pay above the line falls in one slice.</summary>
    private static AntiPovertyInsurancePolicy ReadAntiPoverty(Reader r, JsonElement s)
    {
        var covered = r.Array(s, "coveredCategories", e => r.EnumValue<Category>(e)).Distinct().ToImmutableArray();
        if (covered.IsEmpty)
        {
            r.Problem(r.Path("coveredCategories"), "must name at least one category");
        }

        foreach (var category in covered.Where(c => CategorySets.Of(c).IsPoor()))
        {
            r.Problem(r.Path("coveredCategories"), $"{category} is a poor category; poor members keep the poor lines, not this insurance");
        }

        var line = r.Money(s, "warningLine");
        var slices = ReadTiers(r, s, "slices");
        if (slices.IsEmpty)
        {
            r.Problem(r.Path("slices"), "must have at least one slice");
        }
        else
        {
            if (slices[0].From != line)
            {
                r.Problem($"{r.Path("slices")}[0].from", $"{slices[0].From} must equal the warning line {line}");
            }

            for (var i = 1; i < slices.Length; i++)
            {
                if (slices[i - 1].To is { } top && top != slices[i].From)
                {
                    r.Problem($"{r.Path("slices")}[{i}].from", $"{slices[i].From} must equal the previous slice's to {top}: slices leave no gap");
                }
            }

            if (slices[^1].To is not null)
            {
                r.Problem($"{r.Path("slices")}[{slices.Length - 1}].to", "the last slice must be open (null): self-pay has no top");
            }
        }

        return new AntiPovertyInsurancePolicy(r.String(s, "fundCode"), r.String(s, "payee"), covered, line, slices, r.Money(s, "annualCap"));
    }

    private static ImmutableArray<Tier> ReadTiers(Reader r, JsonElement s, string name)
    {
        var tiers = r.Array(s, name, e => r.Section(e, null, ["from", "to", "rate"], t => new Tier(r.Money(t, "from"), r.OptionalMoney(t, "to"), r.Rate(t, "rate")))).ToImmutableArray();
        for (var i = 0; i < tiers.Length; i++)
        {
            if (tiers[i].To is { } top && top <= tiers[i].From)
            {
                r.Problem($"{r.Path(name)}[{i}].to", $"{top} is not above from {tiers[i].From}");
            }

            if (i > 0 && (tiers[i - 1].To is null || tiers[i - 1].To!.Value > tiers[i].From))
            {
                r.Problem($"{r.Path(name)}[{i}].from", "tiers overlap: each tier must start at or after the end of the previous one");
            }
        }

        return tiers;
    }

    /// <summary>Collects problems while walking the document; tracks the path of the current section.</summary>
    private sealed class Reader
    {
        private readonly Stack<string> _path = new();

        public List<string> Problems { get; } = [];

        public string Path(string field)
        {
            var prefix = string.Join('.', _path.Reverse().Where(p => p.Length > 0));
            return prefix.Length == 0 ? field : field.Length == 0 ? prefix : $"{prefix}.{field}";
        }

        public void Problem(string path, string message) => Problems.Add($"{path}: {message}");

        public JsonElement? Object(JsonElement element, string name)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problem(Path(name).Length == 0 ? "(root)" : Path(name), "must be an object");
                return null;
            }

            return element;
        }

        /// <summary>Reads the object <paramref name="name"/> of <paramref name="parent"/> (or <paramref name="parent"/> itself when
        /// null), reporting any field outside <paramref name="fields"/>.</summary>
        public T? Section<T>(JsonElement parent, string? name, string[] fields, Func<JsonElement, T> read)
            where T : class?
        {
            var element = parent;
            if (name is not null && !Field(parent, name, out element))
            {
                return default;
            }

            _path.Push(name ?? string.Empty);
            try
            {
                return Object(element, string.Empty) is { } o ? ReadKnown(o, fields, read) : default;
            }
            finally
            {
                _path.Pop();
            }
        }

        public T Section<T>(JsonElement element, string? name, string[] fields, Func<JsonElement, T> read, T fallback = default)
            where T : struct
        {
            _path.Push(name ?? string.Empty);
            try
            {
                return Object(element, string.Empty) is { } o ? ReadKnown(o, fields, read) : fallback;
            }
            finally
            {
                _path.Pop();
            }
        }

        private T ReadKnown<T>(JsonElement o, string[] fields, Func<JsonElement, T> read)
        {
            NoOtherFields(o, fields);
            return read(o);
        }

        public void NoOtherFields(JsonElement element, params string[] known)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    Problem(Path(property.Name), "unknown field");
                }
            }
        }

        public string String(JsonElement o, string name)
        {
            if (!Field(o, name, out var e))
            {
                return string.Empty;
            }

            if (e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString()))
            {
                Problem(Path(name), "must be a non-empty string");
                return string.Empty;
            }

            return e.GetString()!;
        }

        public bool Bool(JsonElement o, string name)
        {
            if (!Field(o, name, out var e))
            {
                return false;
            }

            if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Problem(Path(name), "must be true or false");
                return false;
            }

            return e.GetBoolean();
        }

        public int Int(JsonElement o, string name, int min, int max)
        {
            if (!Field(o, name, out var e))
            {
                return 0;
            }

            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var value) || value < min || value > max)
            {
                Problem(Path(name), $"must be a whole number from {min} to {max}");
                return 0;
            }

            return value;
        }

        public DateOnly? Date(JsonElement o, string name) =>
            Field(o, name, out var e) ? DateValue(e, name) : null;

        public DateOnly? OptionalDate(JsonElement o, string name) =>
            Field(o, name, out var e) && e.ValueKind != JsonValueKind.Null ? DateValue(e, name) : null;

        public Money Money(JsonElement o, string name) => Field(o, name, out var e) ? MoneyValue(e, name) : default;

        public Money? OptionalMoney(JsonElement o, string name) =>
            Field(o, name, out var e) && e.ValueKind != JsonValueKind.Null ? MoneyValue(e, name) : null;

        public Rate Rate(JsonElement o, string name) => Field(o, name, out var e) ? RateValue(e, name) : default;

        public Money MoneyValue(JsonElement e, string name = "")
        {
            if (e.ValueKind != JsonValueKind.Number || !Nankang.Health.Settlement.Money.TryParse(e.GetRawText(), out var money) || money.IsNegative)
            {
                Problem(Path(name), $"{e.GetRawText()} is not an amount ≥ 0 with at most two decimals");
                return default;
            }

            return money;
        }

        public Rate RateValue(JsonElement e, string name = "")
        {
            if (e.ValueKind != JsonValueKind.Number || !Nankang.Health.Settlement.Rate.TryParse(e.GetRawText(), out var rate))
            {
                Problem(Path(name), $"{e.GetRawText()} is not a rate from 0 to 1 (100%) with at most four decimals");
                return default;
            }

            return rate;
        }

        public T EnumValue<T>(JsonElement e)
            where T : struct, Enum
        {
            if (e.ValueKind != JsonValueKind.String || !Enum.TryParse<T>(e.GetString(), ignoreCase: false, out var value) || !Enum.IsDefined(value)
                || char.IsAsciiDigit(e.GetString()![0]))
            {
                Problem(Path(string.Empty), $"{e.GetRawText()} is not one of {string.Join(", ", Enum.GetNames<T>())}");
                return default;
            }

            return value;
        }

        public int Level(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var level) || !HospitalProfile.IsValidLevel(level))
            {
                Problem(Path(string.Empty), $"{e.GetRawText()} is not a hospital level 1, 2 or 3");
                return HospitalProfile.MinLevel;
            }

            return level;
        }

        public IEnumerable<T> Array<T>(JsonElement o, string name, Func<JsonElement, T> read)
        {
            if (!Field(o, name, out var e))
            {
                return [];
            }

            if (e.ValueKind != JsonValueKind.Array)
            {
                Problem(Path(name), "must be an array");
                return [];
            }

            var items = new List<T>();
            var index = 0;
            foreach (var item in e.EnumerateArray())
            {
                _path.Push($"{name}[{index++}]");
                try
                {
                    items.Add(read(item));
                }
                finally
                {
                    _path.Pop();
                }
            }

            return items;
        }

        public ImmutableArray<T> ByLevel<T>(JsonElement o, string name, Func<JsonElement, T> read)
        {
            var values = new T[HospitalProfile.MaxLevel];
            Each(o, name, (key, value) =>
            {
                if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && HospitalProfile.IsValidLevel(level))
                {
                    values[level - 1] = read(value);
                    return true;
                }

                return false;
            }, "a hospital level 1, 2 or 3", HospitalProfile.MaxLevel);
            return [.. values];
        }

        public ImmutableDictionary<TKey, TValue> Map<TKey, TValue>(JsonElement o, string name, Func<JsonElement, TValue> read)
            where TKey : struct, Enum
        {
            var map = ImmutableDictionary.CreateBuilder<TKey, TValue>();
            Each(o, name, (key, value) =>
            {
                if (Enum.TryParse<TKey>(key, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(key[0]))
                {
                    map[parsed] = read(value);
                    return true;
                }

                return false;
            }, $"one of {string.Join(", ", Enum.GetNames<TKey>())}", requiredCount: null);
            return map.ToImmutable();
        }

        private void Each(JsonElement o, string name, Func<string, JsonElement, bool> read, string keyDescription, int? requiredCount)
        {
            if (!Field(o, name, out var e))
            {
                return;
            }

            if (e.ValueKind != JsonValueKind.Object)
            {
                Problem(Path(name), "must be an object");
                return;
            }

            var count = 0;
            _path.Push(name);
            try
            {
                foreach (var property in e.EnumerateObject())
                {
                    _path.Push(property.Name);
                    try
                    {
                        if (!read(property.Name, property.Value))
                        {
                            Problem(Path(string.Empty), $"unknown key: must be {keyDescription}");
                        }
                        else
                        {
                            count++;
                        }
                    }
                    finally
                    {
                        _path.Pop();
                    }
                }
            }
            finally
            {
                _path.Pop();
            }

            if (requiredCount is { } required && count != required)
            {
                Problem(Path(name), $"needs exactly one entry for each of the {required} keys ({keyDescription})");
            }
        }

        private DateOnly? DateValue(JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Problem(Path(name), "must be a date yyyy-MM-dd");
                return null;
            }

            return date;
        }

        private bool Field(JsonElement o, string name, out JsonElement value)
        {
            if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out value))
            {
                return true;
            }

            Problem(Path(name), "is missing");
            value = default;
            return false;
        }
    }
}
