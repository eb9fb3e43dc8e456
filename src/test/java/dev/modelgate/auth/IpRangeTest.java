package dev.modelgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {
  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.168.1.7, 192.168.1.7, true",
    "192.168.1.7, 192.168.1.8, false",
    "172.16.0.0/12, 172.31.255.255, true",
    "172.16.0.0/12, 172.32.0.0, false",
    "0.0.0.0/0, 8.8.8.8, true",
    "10.1.2.3/30, 10.1.2.0, true",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "::1, ::1, true",
    "fe80::/10, febf::1, true",
    "fe80::/10, fec0::1, false",
    "::/0, 10.0.0.1, false",
    "0.0.0.0/0, ::1, false"
  })
  void containment(String range, String address, boolean expected) throws Exception {
    assertThat(IpRange.parse(range).contains(InetAddress.getByName(address))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "::/129", "example.com", "10.0.0.0/x", "", "1.2.3.4/-1"})
  void refusesWhatIsNotACidrBlock(String text) {
    assertThatThrownBy(() -> IpRange.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text.isEmpty() ? "''" : text);
  }
}
