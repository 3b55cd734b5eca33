/** Given and family names of several cultures, common ones, for synthetic customers. */
export interface Culture {
  female: readonly string[];
  male: readonly string[];
  family: readonly string[];
}

const words = (s: string): readonly string[] => s.trim().split(/\s+/);

export const CULTURES = {
  anglo: {
    female: words(`Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
      Sandra Ashley Emily Michelle Amanda Melissa Stephanie Rebecca Laura Emma Olivia Hannah Chloe Grace
      Megan Rachel Katherine Abigail Madison Charlotte Sophie Lucy Amelia Ruby Ella Zoe`),
    male: words(`James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel
      Matthew Anthony Mark Steven Paul Andrew Joshua Kevin Brian George Timothy Ryan Jacob Nicholas Tyler
      Benjamin Samuel Oliver Harry Jack Noah Ethan Liam Lucas Henry Alexander Owen`),
    family: words(`Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson
      Martin Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams
      Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris
      Murphy Cook Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson Brooks
      Wood Bennett Gray Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan
      Bell Coleman Butler Henderson Barnes Fisher Graham Hayes Ellis Gibson Marshall Owens Harrison Walsh
      O'Brien O'Connor McDonald MacLeod Fitzgerald`),
  },
  hispanic: {
    female: words(`María Guadalupe Sofía Valentina Camila Isabella Daniela Mariana Fernanda Ximena Lucía
      Gabriela Andrea Alejandra Paola Carmen Rosa Ana Verónica Adriana Natalia Elena Carolina Patricia Julia`),
    male: words(`José Juan Luis Carlos Jorge Miguel Alejandro Francisco Javier Diego Santiago Mateo Sebastián
      Daniel Ricardo Fernando Eduardo Manuel Pedro Antonio Rafael Andrés Emiliano Leonardo Óscar`),
    family: words(`García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores
      Rivera Gómez Díaz Cruz Morales Reyes Gutiérrez Ortiz Chávez Ramos Vargas Castillo Jiménez Moreno
      Romero Herrera Medina Aguilar Mendoza Vázquez Castro Ruiz Álvarez Guerrero Delgado Navarro Ortega
      Domínguez Soto`),
  },
  german: {
    female: words(`Anna Maria Ursula Monika Petra Sabine Julia Laura Lea Lena Hannah Sophie Katharina Claudia
      Andrea Stefanie Nicole Birgit Jana Mia Emilia Lina Johanna Franziska Greta`),
    male: words(`Peter Michael Thomas Andreas Wolfgang Klaus Jürgen Stefan Christian Markus Frank Uwe Lukas
      Jonas Leon Felix Maximilian Paul Finn Niklas Tobias Florian Sebastian Matthias Jan`),
    family: words(`Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch
      Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange
      Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer
      Huber`),
  },
  french: {
    female: words(`Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Sophie Céline Camille
      Léa Manon Chloé Emma Inès Jade Louise Juliette Élodie Aurélie Margaux Clémence Anaïs Zoé`),
    male: words(`Jean Pierre Michel Philippe Alain Nicolas Christophe Patrick Laurent Frédéric Julien Thomas
      Antoine Hugo Lucas Louis Gabriel Arthur Raphaël Mathieu Sébastien Olivier Théo Maxime Étienne`),
    family:
      words(`Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre
      Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert
      Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas`),
  },
  indian: {
    female: words(`Priya Ananya Aarti Pooja Neha Divya Kavya Sneha Anjali Deepika Lakshmi Meera Sunita
      Isha Riya Aditi Shreya Nisha Swati Radha Fatima Gauri Tanvi Sanya Diya`),
    male: words(`Aarav Arjun Rahul Rohan Vikram Amit Sanjay Rajesh Suresh Anil Vijay Karthik Aditya Nikhil
      Siddharth Ravi Manoj Deepak Pranav Ishaan Vivek Arun Krishna Harsh Mohammed`),
    family: words(`Sharma Patel Singh Kumar Gupta Reddy Rao Iyer Nair Mehta Shah Joshi Desai Kapoor Malhotra
      Verma Chopra Banerjee Mukherjee Chatterjee Das Pillai Menon Agarwal Bose Khan Jain Saxena Kulkarni
      Bhat`),
  },
  japanese: {
    female: words(`Yui Aoi Hina Sakura Yuna Mio Rin Yuki Haruka Misaki Nanami Ayaka Emi Keiko Tomoko Yoko
      Naoko Akiko Mai Saki`),
    male: words(`Haruto Sota Yuto Riku Ren Hiroshi Takashi Kenji Daiki Shota Kazuki Naoki Yusuke Takumi
      Ryota Kenta Satoshi Makoto Akira Taro`),
    family: words(`Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada
      Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki Mori Abe Ikeda Hashimoto Ishikawa`),
  },
  chinese: {
    female: words(`Mei Li Xiu Ying Hui Jing Yan Fang Xin Lan Yu Ling Na Min Wei Hong Qing Ting Xiao Yun`),
    male: words(`Wei Jun Hao Ming Jian Lei Tao Yong Qiang Gang Bo Chen Feng Hui Jie Kai Long Peng Yi Zhi`),
    family: words(`Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng
      Liang Xie Tang Han Lee Chan Wong Cheung Ng`),
  },
  african: {
    female: words(`Amara Chioma Ngozi Adaeze Folake Aisha Zainab Abena Ama Akosua Nia Imani Kemi Thandiwe
      Zola Makena Wanjiru Ayana Eshe Halima`),
    male: words(`Chinedu Emeka Oluwaseun Babajide Kwame Kofi Yaw Kwesi Tunde Segun Ade Musa Ibrahim Jabari
      Tendai Sipho Thabo Kamau Obinna Femi`),
    family: words(`Okafor Okeke Adeyemi Adebayo Olawale Mensah Owusu Boateng Asante Nwosu Eze Obi Ibekwe
      Balogun Bello Abubakar Mwangi Kamau Otieno Ndlovu Dlamini Nkosi Diallo Traoré Keita`),
  },
  arabic: {
    female: words(`Fatima Aisha Mariam Layla Nour Yasmin Hana Sara Amira Zainab Salma Rania Dina Leila Huda`),
    male: words(`Mohammed Ahmed Ali Omar Youssef Hassan Ibrahim Khalid Karim Mustafa Tariq Samir Nabil Rami
      Faris`),
    family:
      words(`Haddad Khalil Hassan Ali Ahmed Ibrahim Mansour Nasser Saleh Farouk Aziz Rahman Karimi Hamdan
      Darwish Haddad Najjar Sabbagh Khoury Bakr`),
  },
  turkish: {
    female: words(`Ayşe Fatma Emine Zeynep Elif Merve Esra Büşra Selin Derya`),
    male: words(`Mehmet Mustafa Ahmet Ali Hüseyin Emre Murat Burak Can Kemal`),
    family: words(`Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç
      Aslan Çetin`),
  },
  vietnamese: {
    female: words(`Linh Lan Mai Trang Thao Huong Ngoc Anh Hoa Thu`),
    male: words(`Minh Tuan Duc Huy Nam Quang Long Hung Thanh Khoa`),
    family: words(`Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do`),
  },
} as const satisfies Record<string, Culture>;

export type CultureName = keyof typeof CULTURES;

/** ASCII for email addresses: drops accents, apostrophes and spaces. */
export function asciiName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
