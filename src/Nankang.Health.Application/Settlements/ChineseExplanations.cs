using System.Text;
using System.Text.Json;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Settlements;

/// <summary>
/// The Chinese one-line arithmetic of a settlement line, and the Chinese names of funds and categories, from the
/// embedded resource <c>Settlements/Resources/settlement.zh.json</c>. Serves both the API's <c>Accept-Language: zh</c>
/// explanations and the printed slip, so the two always read the same. Amounts are written as the English
/// explanations write them (<c>1234.50</c>, <c>80%</c>).
/// </summary>
public static class ChineseExplanations
{
    private static readonly IReadOnlyDictionary<string, string> Texts = Load();

    public static string FundName(Fund fund) => Text($"fund.{fund}");

    public static string CategoryName(Category category) => Text($"category.{category}");

    /// <summary>Renders <paramref name="f"/> like <see cref="LineFigures.Explain"/>, in Chinese.</summary>
    public static string Render(in LineFigures f)
    {
        if (f.Note != LineNote.Applied)
        {
            return Text($"note.{f.Note}");
        }

        var capped = f.CapRoom is { } room && f.Uncapped > room ? Fill(Text("capped"), ("room", room.ToString())) : string.Empty;
        var level = f.Fund == Fund.BasicInsurance
            ? Fill(Text(f.Flag ? "basic.waived" : "basic.level"), ("level", f.Level.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            : string.Empty;
        return Fill(
            Text($"line.{f.Fund}"),
            ("base", f.Base.ToString()),
            ("deductible", f.Deductible.ToString()),
            ("level", level),
            ("rate", f.Rate.ToString()),
            ("uncapped", f.Uncapped.ToString()),
            ("capped", capped),
            ("amount", f.Amount.ToString()),
            ("tiers", f.Fund == Fund.SeriousIllnessInsurance ? Text(f.Flag ? "serious.poor" : "serious.general") : string.Empty),
            ("prior", f.Prior.ToString()),
            ("cumulative", (f.Prior + f.Base).ToString()),
            ("second", f.Second.ToString()),
            ("secondRate", f.SecondRate.ToString()),
            ("category", f.Category is { } c ? CategoryName(c) : string.Empty));
    }

    private static string Text(string key) =>
        Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"settlement.zh.json has no '{key}'.");

    /// <summary>Replaces each <c>{name}</c> of <paramref name="template"/> that a value is given for.</summary>
    private static string Fill(string template, params ReadOnlySpan<(string Name, string Value)> values)
    {
        var text = new StringBuilder(template);
        foreach (var (name, value) in values)
        {
            text.Replace("{" + name + "}", value);
        }

        return text.ToString();
    }

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(ChineseExplanations).Assembly.GetManifestResourceStream("Nankang.Health.Application.Settlements.settlement.zh.json")
            ?? throw new InvalidOperationException("The resource settlement.zh.json is not embedded.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!;
    }
}
