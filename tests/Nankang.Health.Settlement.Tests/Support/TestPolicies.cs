using System.Text.Json.Nodes;
using Nankang.Health.Settlement.Policies;

namespace Nankang.Health.Settlement.Tests.Support;

/// <summary>Policies built from an edited copy of the embedded <c>nankang-2020.json</c>, through the real loader.</summary>
internal static class TestPolicies
{
    public static string DefaultJson { get; } = ReadEmbedded();

    /// <summary>The default policy document with <paramref name="edit"/> applied, as JSON text.</summary>
    public static string Edited(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(DefaultJson)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    public static SettlementPolicy Modified(Action<JsonObject> edit) => PolicyLoader.Parse(Edited(edit), "test");

    /// <summary>The problems the loader reports for the edited document (the test fails if it loads).</summary>
    public static IReadOnlyList<string> Problems(Action<JsonObject> edit) =>
        Assert.Throws<PolicyException>(() => PolicyLoader.Parse(Edited(edit), "test")).Problems;

    public static JsonObject Section(this JsonObject root, string name) => root[name]!.AsObject();

    private static string ReadEmbedded()
    {
        using var stream = typeof(Money).Assembly.GetManifestResourceStream("Nankang.Health.Settlement.Policies.nankang-2020.json")
            ?? throw new InvalidOperationException("The embedded default policy is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
