using System.Text.Json;
using System.Text.Json.Serialization;
using Imap.Protocol.Model;

namespace Imap.Protocol.Tests.Support;

/// <summary>A canonical text form of a response, to compare parses of the same bytes fed differently.</summary>
internal static class ResponseDump
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new UidSetConverter() },
    };

    public static string Describe(ImapResponse response) =>
        response.GetType().Name + JsonSerializer.Serialize(response, response.GetType(), Options);

    private sealed class UidSetConverter : JsonConverter<UidSet>
    {
        public override UidSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, UidSet value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
