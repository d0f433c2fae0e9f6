using Imap.Protocol.Model;

namespace Imap.Protocol.Tests.Model;

public class ModifiedUtf7Tests
{
    [Theory]
    [InlineData("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]
    [InlineData("Tom & Jerry", "Tom &- Jerry")]
    [InlineData("台北日本語", "&U,BTF2XlZyyKng-")]
    [InlineData("Entwürfe", "Entw&APw-rfe")]
    [InlineData("", "")]
    public void Canonical_encoding(string name, string encoded)
    {
        Assert.Equal(encoded, ModifiedUtf7.Encode(name));
        Assert.Equal(name, ModifiedUtf7.Decode(encoded));
    }

    [Theory]
    [InlineData("&U,BTFw-&ZeVnLIqe-", "台北日本語")]
    [InlineData("&BBAEMQQyACYEMwQ0BDU-", "Абв&где")]
    public void Lenient_decoding_of_non_canonical_forms(string encoded, string name) =>
        Assert.Equal(name, ModifiedUtf7.Decode(encoded));

    [Theory]
    [InlineData("&U,BTFw")]
    [InlineData("&U/BTFw-")]
    [InlineData("&Ü-")]
    public void Invalid_forms_are_refused(string encoded) => Assert.False(ModifiedUtf7.TryDecode(encoded, out _));
}
