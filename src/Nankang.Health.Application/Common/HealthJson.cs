using System.Text.Json;
using System.Text.Json.Serialization;
using Nankang.Health.Settlement;

namespace Nankang.Health.Application.Common;

/// <summary>
/// The JSON of the contract: camelCase, enums as strings, money as a number with at most two decimals parsed exactly
/// (never through double), rates as fractions with at most four decimals.
/// </summary>
public static class HealthJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        options.MaxDepth = 16;
        options.Converters.Add(new MoneyConverter());
        options.Converters.Add(new RateConverter());
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        return options;
    }

    /// <summary>Money as a JSON number in yuan, read exactly from its text; written with two decimals.</summary>
    public sealed class MoneyConverter : JsonConverter<Money>
    {
        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException("must be a number of yuan with at most two decimals.");
            }

            if (!TryReadText(ref reader, out var text) || !Money.TryParse(text, out var money))
            {
                throw new JsonException("must be a number of yuan with at most two decimals, within ±100,000,000.00.");
            }

            return money;
        }

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(ToDecimal(value));

        /// <summary>The amount as a decimal with scale 2, so it is written with exactly two decimals.</summary>
        public static decimal ToDecimal(Money value)
        {
            var abs = (ulong)Math.Abs(value.Fen);
            return new decimal((int)(uint)abs, (int)(uint)(abs >> 32), 0, value.Fen < 0, 2);
        }
    }

    private static bool TryReadText(ref Utf8JsonReader reader, out string text)
    {
        text = string.Empty;
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > 32)
        {
            return false;
        }

        text = reader.HasValueSequence
            ? System.Text.Encoding.ASCII.GetString(System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence))
            : System.Text.Encoding.ASCII.GetString(reader.ValueSpan);
        return true;
    }

    /// <summary>A rate as a JSON number from 0 to 1 with at most four decimals.</summary>
    public sealed class RateConverter : JsonConverter<Rate>
    {
        public override Rate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException("must be a number from 0 to 1 with at most four decimals.");
            }

            if (!TryReadText(ref reader, out var text) || !Rate.TryParse(text, out var rate))
            {
                throw new JsonException("must be a number from 0 to 1 with at most four decimals.");
            }

            return rate;
        }

        public override void Write(Utf8JsonWriter writer, Rate value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.ToDecimal());
    }
}
