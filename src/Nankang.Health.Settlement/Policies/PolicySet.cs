using System.Reflection;

namespace Nankang.Health.Settlement.Policies;

/// <summary>
/// The policies in force over time. Periods may not overlap, except that an open-ended policy (no effectiveTo) is in
/// force until a later policy supersedes it (rules §9). The policy for a claim is the one in force on its discharge date.
/// A date before every period has no policy (the API answers 422).
/// </summary>
public sealed class PolicySet
{
    private readonly SettlementPolicy[] _policies;

    public PolicySet(IEnumerable<SettlementPolicy> policies)
    {
        _policies = [.. policies.OrderBy(p => p.EffectiveFrom)];
        var problems = new List<string>();
        if (_policies.Length == 0)
        {
            problems.Add("policies: at least one policy is needed");
        }

        for (var i = 1; i < _policies.Length; i++)
        {
            var previous = _policies[i - 1];
            if (previous.EffectiveTo is { } end && end >= _policies[i].EffectiveFrom)
            {
                problems.Add($"{_policies[i].Version}.effectiveFrom: {_policies[i].EffectiveFrom:yyyy-MM-dd} overlaps the dates of {previous.Version}");
            }
        }

        foreach (var duplicate in _policies.GroupBy(p => p.Version).Where(g => g.Count() > 1))
        {
            problems.Add($"{duplicate.Key}.version: appears more than once");
        }

        if (problems.Count > 0)
        {
            throw new PolicyException("set", problems);
        }
    }

    /// <summary>The policies shipped with the engine (<c>nankang-2020</c>).</summary>
    public static PolicySet Default { get; } = new([LoadEmbedded("nankang-2020")]);

    public IReadOnlyList<SettlementPolicy> Policies => _policies;

    public DateOnly FirstEffectiveDate => _policies[0].EffectiveFrom;

    /// <summary>The policy in force on <paramref name="dischargedOn"/>, or null when none is; the latest start wins.</summary>
    public SettlementPolicy? For(DateOnly dischargedOn)
    {
        for (var i = _policies.Length - 1; i >= 0; i--)
        {
            if (_policies[i].Covers(dischargedOn))
            {
                return _policies[i];
            }
        }

        return null;
    }

    /// <summary>The policy with this version, or null.</summary>
    public SettlementPolicy? Version(string version) => Array.Find(_policies, p => p.Version == version);

    /// <summary>A copy of this set with <paramref name="policy"/> added (e.g. a what-if policy).</summary>
    public PolicySet With(SettlementPolicy policy) => new(_policies.Append(policy));

    public static SettlementPolicy LoadEmbedded(string version)
    {
        var name = $"Nankang.Health.Settlement.Policies.{version}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new PolicyException($"No embedded policy named {version}.");
        using var reader = new StreamReader(stream);
        return PolicyLoader.Parse(reader.ReadToEnd(), version);
    }
}
