"""Files the tool once put into units and now serves itself: `upgrade` offers to remove an unchanged copy.

docs/guide.md, the editors' guide, was part of every unit (copied from the sample by `new` up to 0.2.0, and in
every copy of the tool's repository before that); since 0.2.1 the tool serves it (ledger/guide/). Below, the SHA-256
of every version of it the tool's repository ever held (docs/guide.md and the second example's copy): a unit's
file equal to one of them is the tool's, unchanged, and safe to remove; any other is the unit's own.
"""
from __future__ import annotations

RETIRED_GUIDE = "docs/guide.md"
GUIDE_COPIES = frozenset({
    "0c7f76a07bde92b7ce11d76fc97636fb63488dc02e7087671219eada5afeec97",
    "1159ac08cf50b6a28a4396b9a66a1afc1927edb318c1811894e8c05e159ea192",
    "14fa0b9343c6502d9ea1fe2d7e699c0648d5b0cffe062a56258fe9c2ee2a754b",
    "2fe79749ed00d08c018dd51afcb014b3466ee3b2dae94ee87b58fc7d5c373b5b",
    "351ba3ffcd71c09f5a28073ee0705385ce46620865f0b8d2c5003407e1eaddc1",
    "3908240e7d826ce9367f6cc0db4f60231238c2b900bc5909ab22170ff1ce2b92",
    "3ddee7970f2007ab974bc0dfc06759d04e46b299f401b1553b7cb5c720567cec",
    "3fab27518ad4554d4af03f2588f9e6f8661463a807fca6927463228be1a7f4b6",
    "42831e7bd8a74c54365422959113dbffdd0e60ced14267e39a37bec726cf4375",
    "49ba9dfcb958f866b3681c5f6bee343540ab9eca10f27223060f278e891d3b7b",
    "49c84ef065bc09192af03469d9f0c3770be1679cbe93342974a4255028b31f57",
    "4a8034ffa9d190382356bbf72baec806bca312d344bdf5558eb3474f197d92ca",
    "4bed5a5a5bd2f5e36129063e75f92bac3895c1ebd4c4788a03e1de5b248a2658",
    "5f6ecfddf8a151151556b663a91fd2a19eae4c1c14078a229d962a5aeb7555ae",
    "68df66fe2e365f4b53c8c27124b1f725d61fa22917ddee129a40b6d2550c9cdf",
    "6f5a10f485f8c24d3453feb725ce29e29aa9cd0a5c715ea318756a05a38d234f",
    "7106c5a978aa1dc0f1f059cb967872f13c54704cbb00243768b6e6519247a718",
    "77c809464841098865a7c75028f8d58f59e68fca0eb6f8902381834b64077780",
    "7fe5d1d378518756e4a119cd79825414672e02e96588c160a08c391c0a040736",
    "8281e2c851ccaa0db50d9eef69a1c18e8903179b985a133d5c0a5dd63ce80c89",
    "8b2a5ad4098278e5ba780251b440efee1f451688e744bab6b09020144d129063",
    "9ea38e98fc695f20f25b7b8ef8b26bf4c5a432ca26684e11e3058d38a23f081d",
    "a0aabf03fbaf7914afbe75cb60cded6da2d6c0c5f16f148316fb2f10a4a62e3c",
    "a7d9d1e6240160b1256915a8efe7d22ccd15afe6a293a528659caa4e3905eb93",
    "a82beea66a8ea461603de0edd82144dfc5fd17006e8db01f7ddb2448b1c5452b",
    "b14311acfce41ac557b1d1634e59bac5e4868659baa3135b82269a5a425167ad",
    "b41f8b5bb1a999b2fe75beaf0cd9c08b3105f864a1fa7ed676b194d2096180e3",
    "dd3fbb42eed41d49700295da36d5ee2de1f47983ab510e86c60abaa9431f85c2",
    "df1d971b0a4b5e7ea7d0529bcee578aeb3a055f8b4cdefad5732bf414e84e768",
    "e6240a22bc016248ae7dcaf5bfd09f94f06d79ce9ce3cc72fdc35a67b4d995e2",
    "eb9ccc0f3565150fb7068efed295067ec753b751e6f0870c98b477999c2de06d",
    "eebce223f4122ecb852e2de2c382dba8caab43b647a7bd9a759bb62734bc38cc",
})
